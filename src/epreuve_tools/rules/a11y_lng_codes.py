"""Language, script and region codes that BCP 47 tags are built from (A11Y-LNG-001, -003).

Generated from Debian's iso-codes data (`/usr/share/iso-codes/json/`: ISO 639-1, 639-2, 639-3 and
639-5 languages, ISO 15924 scripts, ISO 3166-1 regions), which the IANA subtag registry draws on.
Each string lists fixed-width codes, without separators, to keep the module small and quick to
import; `a11y_lng` turns them into sets on first use.
"""

LANGUAGES_2 = (
    "aaabaeafakamanarasavayazbabebgbibmbnbobrbscacechcocrcscucvcydadedvdzeeeleneoeseteufafffifjfofrfy"
    "gagdglgngugvhahehihohrhthuhyhziaidieigiiikioisitiujajvkakgkikjkkklkmknkokrkskukvkwkylalblglilnlo"
    "ltlulvmgmhmimkmlmnmrmsmtmynanbndnengnlnnnonrnvnyocojomorospapiplpsptqurmrnrorurwsascsdsesgshsisk"
    "slsmsnsosqsrssstsusvswtatetgthtitktltntotrtstttwtyugukuruzvevivowawoxhyiyozazhzu"
)
LANGUAGES_3 = (
    "aaaaabaacaadaaeaafaagaahaaiaakaalaanaaoaapaaqaaraasaataauaavaawaaxaazabaabbabcabdabeabfabgabhabi"
    "abjabkablabmabnaboabpabqabrabsabtabuabvabwabxabyabzacaacbacdaceacfachaciackaclacmacnacpacqacracs"
    "actacuacvacwacxacyaczadaadbaddadeadfadgadhadiadjadladnadoadqadradsadtaduadwadxadyadzaeaaebaecaed"
    "aeeaekaelaemaenaeqaeraesaeuaewaeyaezafaafbafdafeafgafhafiafkafnafoafpafrafsaftafuafzagaagbagcagd"
    "ageagfaggaghagiagjagkaglagmagnagoagqagragsagtaguagvagwagxagyagzahaahbahgahhahiahkahlahmahnahoahp"
    "ahrahsahtaiaaibaicaidaieaifaigaihaiiaijaikailaimainaioaipaiqairaitaiwaixaiyajaajgajiajnajpajsaju"
    "ajwajzakaakbakcakdakeakfakgakhakiakjakkaklakmakoakpakqakraksaktakuakvakwakxakyakzalaalbalcaldale"
    "alfalgalhalialjalkallalmalnaloalpalqalralsaltalualvalwalxalyalzamaambamcameamfamgamhamiamjamkaml"
    "ammamnamoampamqamramsamtamuamvamwamxamyamzanaanbancandaneanfanganhanianjankanlanmannanoanpanqanr"
    "ansantanuanvanwanxanyanzaoaaobaocaodaoeaofaogaoiaojaokaolaomaonaoraosaotaouaoxaozapaapbapcapdape"
    "apfapgaphapiapjapkaplapmapnapoappapqaprapsaptapuapvapwapxapyapzaqaaqcaqdaqgaqkaqlaqmaqnaqpaqraqt"
    "aqzaraarbarcardareargarhariarjarkarlarmarnaroarparqarrarsartaruarvarwarxaryarzasaasbascaseasfasg"
    "ashasiasjaskaslasmasnasoaspasqasrassastasuasvaswasxasyaszataatbatcatdateatgathatiatjatkatlatmatn"
    "atoatpatqatratsattatuatvatwatxatyatzauaaubaucaudaufaugauhauiaujaukaulaumaunauoaupauqaurausautauu"
    "auwauxauyauzavaavbavdaveaviavkavlavmavnavoavsavtavuavvawaawbawcawdaweawgawhawiawkawmawnawoawraws"
    "awtawuawvawwawxawyaxbaxeaxgaxkaxlaxmaxxayaaybaycaydayeaygayhayiaykaylaymaynayoaypayqayraysaytayu"
    "ayzazaazbazcazdazeazgazjazmaznazoaztazzbaababbacbadbaebafbagbahbaibajbakbalbambanbaobapbaqbarbas"
    "batbaubavbawbaxbaybbabbbbbcbbdbbebbfbbgbbhbbibbjbbkbblbbmbbnbbobbpbbqbbrbbsbbtbbubbvbbwbbxbbybca"
    "bcbbccbcdbcebcfbcgbchbcibcjbckbclbcmbcnbcobcpbcqbcrbcsbctbcubcvbcwbcybczbdabdbbdcbddbdebdfbdgbdh"
    "bdibdjbdkbdlbdmbdnbdobdpbdqbdrbdsbdtbdubdvbdwbdxbdybdzbeabebbecbedbeebefbegbehbeibejbekbelbemben"
    "beobepbeqberbesbetbeubevbewbexbeybezbfabfbbfcbfdbfebffbfgbfhbfibfjbfkbflbfmbfnbfobfpbfqbfrbfsbft"
    "bfubfwbfxbfybfzbgabgbbgcbgdbgebgfbggbgibgjbgkbglbgnbgobgpbgqbgrbgsbgtbgubgvbgwbgxbgybgzbhabhbbhc"
    "bhdbhebhfbhgbhhbhibhjbhlbhmbhnbhobhpbhqbhrbhsbhtbhubhvbhwbhxbhybhzbiabibbidbiebifbigbihbikbilbim"
    "binbiobipbiqbirbisbitbiubivbiwbixbiybizbjabjbbjcbjebjfbjgbjhbjibjjbjkbjlbjmbjnbjobjpbjrbjsbjtbju"
    "bjvbjwbjxbjybjzbkabkcbkdbkfbkgbkhbkibkjbkkbklbkmbknbkobkpbkqbkrbksbktbkubkvbkwbkxbkybkzblablbblc"
    "bldbleblfblhblibljblkbllblmblnbloblpblqblrblsbltblvblwblxblyblzbmabmbbmcbmdbmebmfbmgbmhbmibmjbmk"
    "bmlbmmbmnbmobmpbmqbmrbmsbmtbmubmvbmwbmxbmzbnabnbbncbndbnebnfbngbnibnjbnkbnlbnmbnnbnobnpbnqbnrbns"
    "bntbnubnvbnwbnxbnybnzboabobbodboebofbogbohboibojbokbolbombonboobopboqborbosbotboubovbowboxboyboz"
    "bpabpcbpdbpebpgbphbpibpjbpkbplbpmbpnbpobppbpqbprbpsbptbpubpvbpwbpxbpybpzbqabqbbqcbqdbqfbqgbqhbqi"
    "bqjbqkbqlbqmbqnbqobqpbqqbqrbqsbqtbqubqvbqwbqxbqybqzbrabrbbrcbrdbrebrfbrgbrhbribrjbrkbrlbrmbrnbro"
    "brpbrqbrrbrsbrtbrubrvbrwbrxbrybrzbsabsbbscbsebsfbsgbshbsibsjbskbslbsmbsnbsobspbsqbsrbssbstbsubsv"
    "bswbsxbsybtabtcbtdbtebtfbtgbthbtibtjbtkbtmbtnbtobtpbtqbtrbtsbttbtubtvbtwbtxbtybtzbuabubbucbudbue"
    "bufbugbuhbuibujbukbulbumbunbuobupbuqburbusbutbuubuvbuwbuxbuybuzbvabvbbvcbvdbvebvfbvgbvhbvibvjbvk"
    "bvlbvmbvnbvobvpbvqbvrbvtbvubvvbvwbvxbvybvzbwabwbbwcbwdbwebwfbwgbwhbwibwjbwkbwlbwmbwnbwobwpbwqbwr"
    "bwsbwtbwubwwbwxbwybwzbxabxbbxcbxdbxebxfbxgbxhbxibxjbxkbxlbxmbxnbxobxpbxqbxrbxsbxubxvbxwbxzbyabyb"
    "bycbydbyebyfbygbyhbyibyjbykbylbymbynbyobypbyqbyrbysbytbyvbywbyxbyzbzabzbbzcbzdbzebzfbzgbzhbzibzj"
    "bzkbzlbzmbznbzobzpbzqbzrbzsbztbzubzvbzwbzxbzybzzcaacabcaccadcaecafcagcahcaicajcakcalcamcancaocap"
    "caqcarcascatcaucavcawcaxcaycazcbacbbcbccbdcbgcbicbjcbkcblcbncbocbqcbrcbscbtcbucbvcbwcbycccccdcce"
    "ccgcchccjcclccmccnccoccpccrccscdacdccddcdecdfcdhcdicdjcdmcdncdocdrcdscdycdzceacebcegcekcelcences"
    "cetceycfacfdcfgcfmcgacgccggcgkchachbchcchdchechfchgchhchichjchkchlchmchnchochpchqchrchtchuchvchw"
    "chxchychzciacibciccidciecihcikcimcincipcirciwciycjacjecjhcjicjkcjmcjncjocjpcjscjvcjyckbckhcklckm"
    "cknckockqckrckscktckuckvckxckyckzclaclccldcleclhclicljclkcllclmclocltcluclwclycmacmccmecmgcmicml"
    "cmmcmncmocmrcmscmtcnacnbcnccngcnhcnicnkcnlcnocnpcnqcnrcnscntcnucnwcnxcoacobcoccodcoecofcogcohcoj"
    "cokcolcomconcoocopcoqcorcoscotcoucovcowcoxcozcpacpbcpccpecpfcpgcpicpncpocppcpscpucpxcpycqdcracrb"
    "crccrdcrecrfcrgcrhcricrjcrkcrlcrmcrncrocrpcrqcrrcrscrtcrvcrwcrxcrycrzcsacsbcsccsdcsecsfcsgcshcsi"
    "csjcskcslcsmcsncsocspcsqcsrcsscstcsucsvcswcsxcsycszctactcctdctectgcthctlctmctnctoctpctscttctucty"
    "ctzcuacubcuccuhcuicujcukculcuocupcuqcurcuscutcuucuvcuwcuxcuycvgcvncwacwbcwdcwecwgcwtcyacybcymcyo"
    "czeczhczkcznczocztdaadacdaddaedagdahdaidajdakdaldamdandaodaqdardasdaudavdawdaxdaydazdbadbbdbddbe"
    "dbfdbgdbidbjdbldbmdbndbodbpdbqdbrdbtdbudbvdbwdbydccdcrddadddddeddgddiddjddnddoddrddsddwdecdeddee"
    "defdegdehdeidekdeldemdendepdeqderdesdeudevdezdgadgbdgcdgddgedggdghdgidgkdgldgndgodgrdgsdgtdgwdgx"
    "dgzdhddhgdhidhldhmdhndhodhrdhsdhudhvdhwdhxdiadibdicdiddifdigdihdiidijdikdildimdindiodipdiqdirdis"
    "diudivdiwdixdiydizdjadjbdjcdjddjedjfdjidjjdjkdjmdjndjodjrdjudjwdkadkgdkkdkrdksdkxdlgdlkdlmdlndma"
    "dmbdmcdmddmedmfdmgdmkdmldmmdmndmodmrdmsdmudmvdmwdmxdmydnadnddnedngdnidnjdnkdnndnodnrdntdnudnvdnw"
    "dnydoadobdocdoedofdohdoidokdoldondoodopdoqdordosdotdovdowdoxdoydozdppdradrbdrcdrddredrgdridrldrn"
    "drodrqdrsdrtdrudrydsbdsedshdsidsldsndsodsqdszdtadtbdtddthdtidtkdtmdtndtodtpdtrdtsdttdtudtyduadub"
    "ducduedufdugduhduidukduldumdunduodupduqdurdusdutduuduvduwduxduyduzdvadwadwkdwrdwsdwudwwdwydwzdya"
    "dybdyddygdyidymdyndyodyudyydzadzedzgdzldzndzoeaaebcebgebkeboebrebuecrecsecyeeeefaefeefiegaeglegm"
    "egoegxegyehsehueipeiteivejaekaekeekgekiekkeklekmekoekpekrekyeleelhelielkellelmeloeluelxemaembeme"
    "emgemiemkemmemnempemqemsemuemwemxemyemzenaenbencendenfengenhenlenmennenoenqenrenuenvenwenxeotepi"
    "epoeraergerherierkeroerrerserterweseesgeshesieskeslesmesnesoesqessestesuesxesyetbetcethetnetoetr"
    "etsettetuetxetzeuqeuseveevhevneweewoexteyaeyoezaezefaafabfadfaffagfahfaifajfakfalfamfanfaofapfar"
    "fasfatfaufaxfayfazfblfcsferffiffmfgrfiafiefiffijfilfinfipfirfitfiufiwfkkfkvflaflhflifllflnflrfly"
    "fmpfmufnbfngfnifodfoifomfonforfosfoxfpefqsfrafrcfrdfrefrkfrmfrofrpfrqfrrfrsfrtfryfsefslfssfubfuc"
    "fudfuefuffuhfuifujfulfumfunfuqfurfutfuufuvfuyfvrfwafwegaagabgacgadgaegafgaggahgaigajgakgalgamgan"
    "gaogapgaqgargasgatgaugawgaxgaygazgbagbbgbdgbegbfgbggbhgbigbjgbkgblgbmgbngbogbpgbqgbrgbsgbugbvgbw"
    "gbxgbygbzgccgcdgcegcfgclgcngcrgctgdagdbgdcgddgdegdfgdggdhgdigdjgdkgdlgdmgdngdogdqgdrgdsgdtgdugdx"
    "geagebgecgedgefgeggehgeigejgekgelgemgeogeqgergesgevgewgexgeygezgfkgftggaggbggdggegggggkgglggtggu"
    "ggwghaghcgheghhghkghlghnghoghrghsghtgiagibgicgidgiegiggihgiigilgimgingipgiqgirgisgitgiugiwgixgiy"
    "gizgjkgjmgjngjrgjugkagkdgkegkngkogkpgkuglaglbglcgldgleglgglhgljglkgllgloglrgluglvglwglygmagmbgmd"
    "gmegmggmhgmlgmmgmngmqgmrgmugmvgmwgmxgmygmzgnagnbgncgndgnegnggnhgnignjgnkgnlgnmgnngnognqgnrgntgnu"
    "gnwgnzgoagobgocgodgoegofgoggohgoigojgokgolgomgongoogopgoqgorgosgotgougovgowgoxgoygozgpagpegpngqa"
    "gqigqngqrgqugragrbgrcgrdgregrggrhgrigrjgrkgrmgrngrogrqgrrgrsgrtgrugrvgrwgrxgrygrzgsegsggslgsmgsn"
    "gsogspgssgswgtagtuguagubgucgudguegufgugguhguigujgukgulgumgunguogupguqgurgusgutguuguwguxguzgvagvc"
    "gvegvfgvjgvlgvmgvngvogvpgvrgvsgvygwagwbgwcgwdgwegwfgwggwigwjgwmgwngwrgwtgwugwwgwxgxxgyagybgydgye"
    "gyfgyggyigylgymgyngyogyrgyygyzgzagzigznhaahabhachadhaehafhaghahhaihajhakhalhamhanhaohaphaqharhas"
    "hathauhavhawhaxhayhazhbahbbhbnhbohbshbuhcahchhdnhdshdyheahebhedheghehheihemherhgmhgwhhihhrhhyhia"
    "hibhidhifhighihhiihijhikhilhimhinhiohirhithiwhixhjihkahkehkhhkkhknhkshlahlbhldhlehlthluhmahmbhmc"
    "hmdhmehmfhmghmhhmihmjhmkhmlhmmhmnhmohmphmqhmrhmshmthmuhmvhmwhmxhmyhmzhnahndhnehnghnhhnihnjhnnhno"
    "hnshnuhoahobhochodhoehohhoihojhokholhomhoohophorhoshothovhowhoyhozhpohpshrahrchrehrkhrmhrohrphrt"
    "hruhrvhrwhrxhrzhsbhshhslhsnhsshtihtohtshtuhtxhubhuchudhuehufhughuhhuihujhukhulhumhunhuohuphuqhur"
    "hushuthuuhuvhuwhuxhuyhuzhvchvehvkhvnhvvhwahwchwohyahyehywhyxiaiianiaribaibbibdibeibgibhiblibmibn"
    "iboibribuibyicaiceichiclicridaidbidciddideidiidoidridsidtiduifaifbifeiffifkifmifuifyigbigeiggigl"
    "igmignigoigsigwihbihiihpihwiiiiiniirijcijeijjijnijoijsikeikiikkiklikoikpikriksiktikuikvikwikxikz"
    "ilailbileilgiliilkilmiloilpilsiluilvimaimiimlimnimoimrimsimtimyinainbincindineinginhinjinlinminn"
    "inoinpinsintinzioriouiowipiipkipoiquiqwiraireirhiriirkirniroirriruirxiryisaiscisdiseisgishisiisk"
    "islismisnisoisristisuitaitbitcitditeitiitkitlitmitoitritsittitvitwitxityitziumivbivviwkiwmiwoiws"
    "ixcixliyaiyoiyxizhizrizzjaajabjacjadjaejafjahjajjakjaljamjanjaojaqjasjatjaujavjaxjayjazjbejbijbj"
    "jbkjbmjbnjbojbrjbtjbujbwjcsjctjdajdgjdtjebjeejehjeijekjeljenjerjetjeujgbjgejgkjgojhijhsjiajibjic"
    "jidjiejigjihjiijiljimjiojiqjitjiujivjiyjjejjrjkajkmjkojkpjkrjksjkujlejlsjmajmbjmcjmdjmijmljmnjmr"
    "jmsjmwjmxjnajndjngjnijnjjnljnsjobjodjogjorjosjowjpajpnjprjpxjqrjrajrbjrrjrtjrujsljuajubjucjudjuh"
    "juijukjuljumjunjuojupjurjusjutjuujuwjuyjvdjvnjwijyajyejyykaakabkackadkaekafkagkahkaikajkakkalkam"
    "kankaokapkaqkarkaskatkaukavkawkaxkaykazkbakbbkbckbdkbekbgkbhkbikbjkbkkblkbmkbnkbokbpkbqkbrkbskbt"
    "kbukbvkbwkbxkbykbzkcakcbkcckcdkcekcfkcgkchkcikcjkckkclkcmkcnkcokcpkcqkcrkcskctkcukcvkcwkcxkcykcz"
    "kdakdckddkdekdfkdgkdhkdikdjkdkkdlkdmkdnkdokdpkdqkdrkdtkdukdwkdxkdykdzkeakebkeckedkeekefkegkehkei"
    "kejkekkelkemkenkeokepkeqkerkesketkeukevkewkexkeykezkfakfbkfckfdkfekffkfgkfhkfikfjkfkkflkfmkfnkfo"
    "kfpkfqkfrkfskftkfukfvkfwkfxkfykfzkgakgbkgekgfkggkgikgjkgkkglkgmkgnkgokgpkgqkgrkgskgtkgukgvkgwkgx"
    "kgykhakhbkhckhdkhekhfkhgkhhkhikhjkhkkhlkhmkhnkhokhpkhqkhrkhskhtkhukhvkhwkhxkhykhzkiakibkickidkie"
    "kifkigkihkiikijkikkilkimkinkiokipkiqkirkiskitkiukivkiwkixkiykizkjakjbkjckjdkjekjgkjhkjikjjkjkkjl"
    "kjmkjnkjokjpkjqkjrkjskjtkjukjvkjxkjykjzkkakkbkkckkdkkekkfkkgkkhkkikkjkkkkklkkmkknkkokkpkkqkkrkks"
    "kktkkukkvkkwkkxkkykkzklaklbklckldkleklfklgklhklikljklkkllklmklnkloklpklqklrklskltkluklvklwklxkly"
    "klzkmakmbkmckmdkmekmfkmgkmhkmikmjkmkkmlkmmkmnkmokmpkmqkmrkmskmtkmukmvkmwkmxkmykmzknaknbknckndkne"
    "knfkngkniknjknkknlknmknnknoknpknqknrknskntknuknvknwknxknyknzkoakockodkoekofkogkohkoikokkolkomkon"
    "kookopkoqkorkoskotkoukovkowkoykozkpakpbkpckpdkpekpfkpgkphkpikpjkpkkplkpmkpnkpokpqkprkpskptkpukpv"
    "kpwkpxkpykpzkqakqbkqckqdkqekqfkqgkqhkqikqjkqkkqlkqmkqnkqokqpkqqkqrkqskqtkqukqvkqwkqxkqykqzkrakrb"
    "krckrdkrekrfkrhkrikrjkrkkrlkrnkrokrpkrrkrskrtkrukrvkrwkrxkrykrzksaksbkscksdkseksfksgkshksiksjksk"
    "kslksmksnksokspksqksrksskstksuksvkswksxksykszktaktbktcktdktektfktgkthktiktjktkktlktmktnktoktpktq"
    "ktskttktuktvktwktxktyktzkuakubkuckudkuekufkugkuhkuikujkukkulkumkunkuokupkuqkurkuskutkuukuvkuwkux"
    "kuykuzkvakvbkvckvdkvekvfkvgkvhkvikvjkvkkvlkvmkvnkvokvpkvqkvrkvtkvukvvkvwkvxkvykvzkwakwbkwckwdkwe"
    "kwfkwgkwhkwikwjkwkkwlkwmkwnkwokwpkwrkwskwtkwukwvkwwkwxkwykwzkxakxbkxckxdkxfkxhkxikxjkxkkxmkxnkxo"
    "kxpkxqkxrkxskxtkxvkxwkxxkxykxzkyakybkyckydkyekyfkygkyhkyikyjkykkylkymkynkyokypkyqkyrkyskytkyukyv"
    "kywkyxkyykyzkzakzbkzckzdkzekzfkzgkzikzkkzlkzmkznkzokzpkzqkzrkzskzukzvkzwkzxkzykzzlaalablacladlae"
    "laflaglahlailajlallamlanlaolaplaqlarlaslatlaulavlawlaxlaylazlbblbclbelbflbglbilbjlbklbllbmlbnlbo"
    "lbqlbrlbslbtlbulbvlbwlbxlbylbzlcclcdlcelcflchlcllcmlcplcqlcsldaldblddldgldhldildjldkldlldmldnldo"
    "ldpldqlealeblecledleeleflehleilejleklellemlenleolepleqlerlesletleulevlewlexleylezlfalfnlgalgblgg"
    "lghlgilgklgllgmlgnlgolgqlgrlgtlgulgzlhalhhlhilhllhmlhnlhplhslhtlhulialibliclidlielifliglihlijlik"
    "lillimlinliolipliqlirlislitliulivliwlixliylizljaljeljiljlljpljwljxlkalkblkclkdlkelkhlkilkjlkllkm"
    "lknlkolkrlkslktlkulkyllallbllclldllellfllgllhllilljllklllllmllnllpllqllsllullxlmalmblmclmdlmelmf"
    "lmglmhlmilmjlmklmllmnlmolmplmqlmrlmulmvlmwlmxlmylnalnblndlnglnhlnilnjlnllnmlnnlnslnulnwlnzloalob"
    "locloelofloglohloilojloklollomlonlooloploqlorloslotloulovlowloxloylozlpalpelpnlpolpxlqrlralrclre"
    "lrglrilrklrllrmlrnlrolrrlrtlrvlrzlsalsblsclsdlselshlsilsllsmlsnlsolsplsrlsslstlsvlswlsyltcltglth"
    "ltiltnltoltsltultzlualublucludlueluflugluilujluklullumlunluolupluqlurluslutluuluvluwluyluzlvalvi"
    "lvklvslvulwalwelwglwhlwllwmlwolwslwtlwulwwlxmlyalyglynlzhlzllznlzzmaamabmacmadmaemafmagmahmaimaj"
    "makmalmammanmaomapmaqmarmasmatmaumavmawmaxmaymazmbambbmbcmbdmbembfmbhmbimbjmbkmblmbmmbnmbombpmbq"
    "mbrmbsmbtmbumbvmbwmbxmbymbzmcamcbmccmcdmcemcfmcgmchmcimcjmckmclmcmmcnmcomcpmcqmcrmcsmctmcumcvmcw"
    "mcxmcymczmdamdbmdcmddmdemdfmdgmdhmdimdjmdkmdlmdmmdnmdpmdqmdrmdsmdtmdumdvmdwmdxmdymdzmeamebmecmed"
    "meemefmehmeimejmekmelmemmenmeomepmeqmermesmetmeumevmewmeymezmfamfbmfcmfdmfemffmfgmfhmfimfjmfkmfl"
    "mfmmfnmfomfpmfqmfrmfsmftmfumfvmfwmfxmfymfzmgamgbmgcmgdmgemgfmggmghmgimgjmgkmglmgmmgnmgomgpmgqmgr"
    "mgsmgtmgumgvmgwmgymgzmhamhbmhcmhdmhemhfmhgmhimhjmhkmhlmhmmhnmhomhpmhqmhrmhsmhtmhumhwmhxmhymhzmia"
    "mibmicmidmiemifmigmihmiimijmikmilmimminmiomipmiqmirmismitmiumiwmixmiymizmjbmjcmjdmjemjgmjhmjimjj"
    "mjkmjlmjmmjnmjomjpmjqmjrmjsmjtmjumjvmjwmjxmjymjzmkamkbmkcmkdmkemkfmkgmkhmkimkjmkkmklmkmmknmkomkp"
    "mkqmkrmksmktmkumkvmkwmkxmkymkzmlamlbmlcmlemlfmlgmlhmlimljmlkmllmlmmlnmlomlpmlqmlrmlsmltmlumlvmlw"
    "mlxmlzmmammbmmcmmdmmemmfmmgmmhmmimmjmmkmmlmmmmmnmmommpmmqmmrmmtmmummvmmwmmxmmymmzmnamnbmncmndmne"
    "mnfmngmnhmnimnjmnkmnlmnmmnnmnomnpmnqmnrmnsmnumnvmnwmnxmnymnzmoamocmodmoemogmohmoimojmokmommonmoo"
    "mopmoqmormosmotmoumovmowmoxmoymozmpampbmpcmpdmpempgmphmpimpjmpkmplmpmmpnmpomppmpqmprmpsmptmpumpv"
    "mpwmpxmpympzmqamqbmqcmqemqfmqgmqhmqimqjmqkmqlmqmmqnmqomqpmqqmqrmqsmqtmqumqvmqwmqxmqymqzmramrbmrc"
    "mrdmremrfmrgmrhmrimrjmrkmrlmrmmrnmromrpmrqmrrmrsmrtmrumrvmrwmrxmrymrzmsamsbmscmsdmsemsfmsgmshmsi"
    "msjmskmslmsmmsnmsomspmsqmsrmssmsumsvmswmsxmsymszmtamtbmtcmtdmtemtfmtgmthmtimtjmtkmtlmtmmtnmtomtp"
    "mtqmtrmtsmttmtumtvmtwmtxmtymuamubmucmudmuemugmuhmuimujmukmulmummunmuomupmuqmurmusmutmuumuvmuxmuy"
    "muzmvamvbmvdmvemvfmvgmvhmvimvkmvlmvnmvomvpmvqmvrmvsmvtmvumvvmvwmvxmvymvzmwamwbmwcmwemwfmwgmwhmwi"
    "mwkmwlmwmmwnmwomwpmwqmwrmwsmwtmwumwvmwwmwzmxamxbmxcmxdmxemxfmxgmxhmximxjmxkmxlmxmmxnmxomxpmxqmxr"
    "mxsmxtmxumxvmxwmxxmxymxzmyamybmycmyemyfmygmyhmyjmykmylmymmynmyomypmyrmysmyumyvmywmyxmyymyzmzamzb"
    "mzcmzdmzemzgmzhmzimzjmzkmzlmzmmznmzomzpmzqmzrmzsmztmzumzvmzwmzxmzymzznaanabnacnaenafnagnahnainaj"
    "naknalnamnannaonapnaqnarnasnatnaunavnawnaxnaynaznbanbbnbcnbdnbenbgnbhnbinbjnbknblnbmnbnnbonbpnbq"
    "nbrnbsnbtnbunbvnbwnbyncancbnccncdncencfncgnchncincjncknclncmncnnconcqncrncsnctncuncxnczndandbndc"
    "nddndendfndgndhndindjndkndlndmndnndondpndqndrndsndtndundvndwndxndyndzneanebnecnedneenefnegnehnei"
    "nejneknemnenneonepneqnernesnetneunevnewnexneyneznfanfdnflnfrnfungangbngcngdngengfnggnghngingjngk"
    "nglngmngnngpngqngrngsngtngungvngwngxngyngznhanhbnhcnhdnhenhfnhgnhhnhinhknhmnhnnhonhpnhqnhrnhtnhu"
    "nhvnhwnhxnhynhznianibnicnidnienifnignihniinijniknilnimninnioniqnirnisnitniunivniwnixniyniznjanjb"
    "njdnjhnjinjjnjlnjmnjnnjonjrnjsnjtnjunjxnjynjznkankbnkcnkdnkenkfnkgnkhnkinkjnkknkmnknnkonkpnkqnkr"
    "nksnktnkunkvnkwnkxnkznlanlcnldnlenlgnlinljnlknllnlmnlonlqnlunlvnlwnlxnlynlznmanmbnmcnmdnmenmfnmg"
    "nmhnminmjnmknmlnmmnmnnmonmpnmqnmrnmsnmtnmunmvnmwnmxnmynmznnannbnncnndnnennfnngnnhnninnjnnknnlnnm"
    "nnnnnonnpnnqnnrnntnnunnvnnwnnynnznoanobnocnodnoenofnognohnoinojnoknolnomnonnopnoqnornosnotnounov"
    "nownoynoznpanpbnpgnphnpinplnpnnponpsnpunpxnpynqgnqknqlnqmnqnnqonqqnqtnqynranrbnrcnrenrfnrgnrinrk"
    "nrlnrmnrnnrpnrrnrtnrunrxnrznsansbnscnsdnsensfnsgnshnsinsknslnsmnsnnsonspnsqnsrnssnstnsunsvnswnsx"
    "nsynszntdntentgntintjntkntmntontpntrntuntwntxntyntznuanubnucnudnuenufnugnuhnuinujnuknulnumnunnuo"
    "nupnuqnurnusnutnuunuvnuwnuxnuynuznvhnvmnvonwanwbnwcnwenwgnwinwmnwonwrnwwnwxnwynxanxdnxenxgnxinxk"
    "nxlnxmnxnnxonxqnxrnxxnyanybnycnydnyenyfnygnyhnyinyjnyknylnymnynnyonypnyqnyrnysnytnyunyvnywnyxnyy"
    "nzanzbnzdnzinzknzmnzsnzunzynzzoaaoacoaroavobiobkoblobmoboobrobtobuocaochociocmocoocuodaodkodtodu"
    "ofoofsofuogbogcogeoggogooguohtohuoiaoieoinojbojcojgojiojpojsojvojwokaokbokcokdokeokgokhokiokjokk"
    "oklokmoknokookroksokuokvokxokzolaoldoleolkolmoloolroltoluomaombomcomgomiomkomlomnomoompomqomromt"
    "omuomvomwomxomyonaonboneongonionjonkonnonoonponronsontonuonwonxoodoogoonooroosopaopkopmopooptopy"
    "oraorcoreorgorhoriormornoroorrorsortoruorvorworxoryorzosaoscosiosnosoospossostosuosxotaotbotdote"
    "otiotkotlotmotnotootqotrotsottotuotwotxotyotzouaouboueouioumovdowiowloyboydoymoyyozmpaapabpacpad"
    "paepafpagpahpaipakpalpampanpaopappaqparpaspaupavpawpaxpaypazpbbpbcpbepbfpbgpbhpbipblpbmpbnpbopbp"
    "pbrpbspbtpbupbvpbypcapcbpccpcdpcepcfpcgpchpcipcjpckpclpcmpcnpcppcwpdapdcpdipdnpdopdtpdupeapebped"
    "peepefpegpehpeipejpekpelpempeopeppeqperpespevpexpeypezpfapfepflpgapgdpggpgipgkpglpgnpgspgupgzpha"
    "phdphgphhphiphjphkphlphmphnphophqphrphtphuphvphwpiapibpicpidpiepifpigpihpijpilpimpinpiopippirpis"
    "pitpiupivpiwpixpiypizpjtpkapkbpkcpkgpkhpknpkopkppkrpkspktpkuplaplbplcpldpleplfplgplhplipljplkpll"
    "plnploplqplrplspltpluplvplwplyplzpmapmbpmdpmepmfpmhpmipmjpmkpmlpmmpmnpmopmqpmrpmspmtpmwpmxpmypmz"
    "pnapnbpncpndpnepngpnhpnipnjpnkpnlpnmpnnpnopnppnqpnrpnspntpnupnvpnwpnxpnypnzpocpoepofpogpohpoipok"
    "polpomponpoopoppoqporpospotpovpowpoxpoypozppeppippkpplppmppnppopppppqppspptppupqapqepqmpqwpraprc"
    "prdpreprfprgprhpriprkprlprmprnproprpprqprrprsprtpruprwprxprzpsapscpsdpsepsgpshpsipslpsmpsnpsopsp"
    "psqpsrpsspstpsupswpsyptapthptiptnptoptpptqptrpttptuptvptwptypuapubpucpudpuepufpugpuipujpumpuopup"
    "puqpurpusputpuupuwpuxpuypwapwbpwgpwipwmpwnpwopwrpwwpxmpyepympynpyspyupyxpyypzhpznqaa-qtzquaqubqu"
    "cqudquequfqugquhquiqukqulqumqunqupquqqurqusquvquwquxquyquzqvaqvcqveqvhqviqvjqvlqvmqvnqvoqvpqvsqv"
    "wqvyqvzqwaqwcqweqwhqwmqwsqwtqxaqxcqxhqxlqxnqxoqxpqxqqxrqxsqxtqxuqxwqyaqypraarabracradrafragrahra"
    "irajrakralramranraorapraqrarrasratrauravrawraxrayrazrbbrbkrblrbprcfrdbrearebreeregreirejrelremre"
    "nrerresretreyrgargergkrgnrgrrgsrgurhgrhpriaribrifrilrimrinrirritriurjgrjirjsrkarkbrkhrkirkmrktrk"
    "wrmarmbrmcrmdrmermfrmgrmhrmirmkrmlrmmrmnrmormprmqrmsrmtrmurmvrmwrmxrmyrmzrnbrndrngrnlrnnrnprnrrn"
    "wroarobrocrodroerofrogrohrolromronrooroprorrourowrpnrptrrirrorrtrsbrskrslrsmrsnrtcrthrtmrtsrtwru"
    "brucruerufrugruhruirukrumrunruorupruqrusrutruuruyruzrwarwkrwlrwmrworwrrxdrxwrynrysryurzhsaasabsa"
    "csadsaesafsagsahsaisajsaksalsamsansaosaqsarsassatsausavsawsaxsaysazsbasbbsbcsbdsbesbfsbgsbhsbisb"
    "jsbksblsbmsbnsbosbpsbqsbrsbssbtsbusbvsbwsbxsbysbzscbscescfscgschsciscksclscnscoscpscqscssctscusc"
    "vscwscxsdasdbsdcsdesdfsdgsdhsdjsdksdlsdnsdosdpsdqsdrsdssdtsdusdvsdxsdzseasebsecsedseesefsegsehse"
    "isejsekselsemsenseosepseqsersessetseusevsewseysezsfbsfesfmsfssfwsgasgbsgcsgdsgesggsghsgisgjsgksg"
    "msgnsgpsgrsgssgtsgusgwsgxsgysgzshashbshcshdsheshgshhshishjshkshlshmshnshoshpshqshrshsshtshushvsh"
    "wshxshyshzsiasibsidsiesifsigsihsiisijsiksilsimsinsiosipsiqsirsissitsiusivsiwsixsiysizsjasjbsjdsj"
    "esjgsjksjlsjmsjnsjosjpsjrsjssjtsjusjwskaskbskcskdskeskfskgskhskiskjskmsknskoskpskqskrskssktskusk"
    "vskwskxskyskzslaslcsldsleslfslgslhslisljslksllslmslnsloslpslqslrslssltsluslvslwslxslyslzsmasmbsm"
    "csmesmfsmgsmhsmismjsmksmlsmmsmnsmosmpsmqsmrsmssmtsmusmvsmwsmxsmysmzsnasncsndsnesnfsngsnisnjsnksn"
    "lsnmsnnsnosnpsnqsnrsnssnusnvsnwsnxsnysnzsoasobsocsodsoesogsohsoisojsoksolsomsonsoosopsoqsorsosso"
    "tsousovsowsoxsoysozspaspbspcspdspespgspispksplspmspnsposppspqsprspssptspuspvspxspysqasqhsqisqjsq"
    "ksqmsqnsqosqqsqrsqssqtsqusqxsrasrbsrcsrdsresrfsrgsrhsrisrksrlsrmsrnsrosrpsrqsrrsrssrtsrusrvsrwsr"
    "xsrysrzssassbsscssdssessfssgsshssissjssksslssmssnssosspssqssrssssstssussvsswssxssysszstastbstdst"
    "estfstgsthstistjstkstlstmstnstostpstqstrstssttstustvstwstysuasubsucsuesugsuisujsuksunsuosuqsursu"
    "ssutsuvsuwsuxsuysuzsvasvbsvcsvesvksvmsvssvxswaswbswcsweswfswgswhswiswjswkswlswmswnswoswpswqswrsw"
    "sswtswuswvswwswxswysxbsxcsxesxgsxksxlsxmsxnsxosxrsxssxusxwsyasybsycsydsyisyksylsymsynsyosyrsyssy"
    "wsyxsyyszaszbszcszdszeszgszlsznszpszsszvszwszytaatabtactadtaetaftagtahtaitajtaktaltamtantaotapta"
    "qtartastattautavtawtaxtaytaztbatbctbdtbetbftbgtbhtbitbjtbktbltbmtbntbotbptbqtbrtbstbttbutbvtbwtb"
    "xtbytbztcatcbtcctcdtcetcftcgtchtcitcktcltcmtcntcotcptcqtcstcttcutcwtcxtcytcztdatdbtdctddtdetdftd"
    "gtdhtditdjtdktdltdmtdntdotdqtdrtdstdttdvtdxtdyteatebtectedteeteftegtehteitekteltemtenteotepteqte"
    "rtestetteutevtewtexteyteztfitfntfotfrtfttgatgbtgctgdtgetgftghtgitgjtgktgltgntgotgptgqtgrtgstgttg"
    "utgvtgwtgxtgytgzthathdthethfthhthithkthlthmthnthpthqthrthsthtthuthvthythztiatibtictiftigtihtiiti"
    "jtiktiltimtintiotiptiqtirtistittiutivtiwtixtiytiztjatjgtjitjjtjltjmtjntjotjptjstjutjwtkatkbtkdtk"
    "etkftkgtkltkmtkntkptkqtkrtkstkttkutkvtkwtkxtkztlatlbtlctldtlftlgtlhtlitljtlktlltlmtlntlotlptlqtl"
    "rtlstlttlutlvtlxtlytmatmbtmctmdtmetmftmgtmhtmitmjtmktmltmmtmntmotmqtmrtmstmttmutmvtmwtmytmztnatn"
    "btnctndtngtnhtnitnktnltnmtnntnotnptnqtnrtnstnttnutnvtnwtnxtnytnztobtoctodtoftogtohtoitojtoktolto"
    "mtontootoptoqtortostoutovtowtoxtoytoztpatpctpetpftpgtpitpjtpktpltpmtpntpotpptpqtprtpttputpvtpwtp"
    "xtpytpztqbtqltqmtqntqotqptqqtqrtqttqutqwtratrbtrctrdtretrftrgtrhtritrjtrktrltrmtrntrotrptrqtrrtr"
    "strttrutrvtrwtrxtrytrztsatsbtsctsdtsetsgtshtsitsjtsktsltsmtsntsotsptsqtsrtsststtsutsvtswtsxtsyts"
    "zttattbttcttdttettfttgtthttittjttkttlttmttnttottpttqttrttstttttuttvttwttyttztuatubtuctudtuetuftu"
    "gtuhtuitujtuktultumtuntuotuptuqturtustuttuutuvtuwtuxtuytuztvatvdtvetvktvltvmtvntvotvstvttvutvwtv"
    "xtvytwatwbtwctwdtwetwftwgtwhtwitwltwmtwntwotwptwqtwrtwttwutwwtwxtwytxatxbtxctxetxgtxhtxitxjtxmtx"
    "ntxotxqtxrtxstxttxutxxtxytyatyetyhtyityjtyltyntyptyrtystyttyutyvtyxtyytyztzatzhtzjtzltzmtzntzotz"
    "xuamuanuarubaubiublubrubuubyudaudeudgudiudjudludmuduuesufiugaugbugeughugnugougyuhauhnuiguisuivuj"
    "iukaukgukhukiukkuklukpukqukruksukuukvukwukyulaulbulculeulfuliulkullulmulnuluulwumaumbumcumdumgum"
    "iummumnumoumpumrumsumuunaunduneunguniunkunmunnunrunuunxunzuonupiupvuraurburcurdureurfurgurhuriur"
    "jurkurlurmurnurourpurrurturuurvurwurxuryurzusaushusiuskuspussusuutauteuthutputrutuuumuuruuuuveuv"
    "huvluwauyauzbuznuzsvaavaevafvagvahvaivajvalvamvanvaovapvarvasvauvavvayvbbvbkvecvedvelvemvenveove"
    "pvervgrvgtvicvidvievifvigvilvinvisvitvivvkavkjvkkvklvkmvknvkovkpvktvkuvkzvlpvlsvmavmbvmcvmdvmevm"
    "fvmgvmhvmivmjvmkvmlvmmvmpvmqvmrvmsvmuvmvvmwvmxvmyvmzvnkvnmvnpvolvorvotvravrovrsvrtvsivslvsvvtovu"
    "mvunvutvwawaawabwacwadwaewafwagwahwaiwajwakwalwamwanwaowapwaqwarwaswatwauwavwawwaxwaywazwbawbbwb"
    "ewbfwbhwbiwbjwbkwblwbmwbpwbqwbrwbswbtwbvwbwwcawciwddwdgwdjwdkwdtwduwdyweawecwedwegwehweiwelwemwe"
    "nweowepwerweswetweuwewwfgwgawgbwggwgiwgowguwgywhawhgwhkwhuwibwicwiewifwigwihwiiwijwikwilwimwinwi"
    "rwiuwivwiywjawjiwkawkbwkdwklwkrwkuwkwwkywlawlcwlewlgwlhwliwlkwllwlmwlnwlowlrwlswluwlvwlwwlxwlywm"
    "awmbwmcwmdwmewmgwmhwmiwmmwmnwmowmswmtwmwwmxwnbwncwndwnewngwniwnkwnmwnnwnownpwnuwnwwnywoawobwocwo"
    "dwoewofwogwoiwokwolwomwonwooworwoswowwoywpcwrbwrgwrhwriwrkwrlwrmwrnwrowrpwrrwrswruwrvwrwwrxwrywr"
    "zwsawsgwsiwskwsrwsswsuwsvwtfwthwtiwtkwtmwtwwuawubwudwuhwulwumwunwurwutwuuwuvwuxwuywwawwbwwowwrww"
    "wwxawxwwybwyiwymwynwyrwyyxaaxabxacxadxaexagxaixajxakxalxamxanxaoxapxaqxarxasxatxauxavxawxayxbbxb"
    "cxbdxbexbgxbixbjxbmxbnxboxbpxbrxbwxbyxcbxccxcexcgxchxclxcmxcnxcoxcrxctxcuxcvxcwxcyxdaxdcxdkxdmxd"
    "oxdqxdyxebxedxegxelxemxepxerxesxetxeuxfaxgaxgbxgdxgfxggxgixglxgmxgnxgrxguxgwxhaxhcxhdxhexhmxhoxh"
    "rxhtxhuxhvxibxiixilxinxirxisxivxiyxjbxjtxkaxkbxkcxkdxkexkfxkgxkixkjxkkxklxknxkoxkpxkqxkrxksxktxk"
    "uxkvxkwxkxxkyxkzxlaxlbxlcxldxlexlgxlixlnxloxlpxlsxluxlyxmaxmbxmcxmdxmexmfxmgxmhxmjxmkxmlxmmxmnxm"
    "oxmpxmqxmrxmsxmtxmuxmvxmwxmxxmyxmzxnaxnbxndxngxnhxnixnjxnkxnmxnnxnoxnqxnrxnsxntxnuxnyxnzxocxodxo"
    "gxoixokxomxonxooxopxorxowxpaxpbxpcxpdxpexpfxpgxphxpixpjxpkxplxpmxpnxpoxppxpqxprxpsxptxpuxpvxpwxp"
    "xxpyxpzxqaxqtxraxrbxrdxrexrgxrixrmxrnxrrxrtxruxrwxsaxsbxscxsdxsexshxsixsjxslxsmxsnxsoxspxsqxsrxs"
    "sxsuxsvxsyxtaxtbxtcxtdxtextgxthxtixtjxtlxtmxtnxtoxtpxtqxtrxtsxttxtuxtvxtwxtyxuaxubxudxugxujxulxu"
    "mxunxuoxupxurxutxuuxvexvixvnxvoxvsxwaxwcxwdxwexwgxwjxwkxwlxwoxwrxwtxwwxxbxxkxxmxxrxxtxyaxybxyjxy"
    "kxylxytxyyxzhxzmxzpyaayabyacyadyaeyafyagyahyaiyajyakyalyamyanyaoyapyaqyaryasyatyauyavyawyaxyayya"
    "zybaybbybeybhybiybjybkyblybmybnyboybxybyychyclycnycpydayddydeydgydkyeayecyeeyeiyejyelyeryesyetye"
    "uyevyeyygaygiyglygmygpygrygsyguygwyhayhdyhlyhsyiayidyifyigyihyiiyijyikyilyimyinyipyiqyiryisyityi"
    "uyivyixyizykaykgykiykkyklykmyknykoykryktykuykyylaylbyleylgyliyllylmylnyloylryluylyymbymcymdymeym"
    "gymhymiymkymlymmymnymoympymqymrymsymxymzynayndyneyngynkynlynnynoynqynsynuyobyogyoiyokyolyomyonyo"
    "ryotyoxyoyypaypbypgyphypkypmypnypoyppypzyrayrbyreyrkyrlyrmyrnyroyrsyrwyryyscysdysgyslysmysnysoys"
    "pysryssysyytaytlytpytwytyyuayubyucyudyueyufyugyuiyujyukyulyumyunyupyuqyuryutyuwyuxyuyyuzyvayvtyw"
    "aywgywlywnywqywrywtywuywwyxayxgyxlyxmyxuyxyyyryyuyyzyzgyzkzaazabzaczadzaezafzagzahzaizajzakzalza"
    "mzaozapzaqzarzaszatzauzavzawzaxzayzazzbazbczbezblzbtzbuzbwzcazcdzchzdjzeazegzehzenzgazgbzghzgmzg"
    "nzgrzhazhbzhdzhizhnzhozhwzhxziazibzikzilzimzinziwzizzkazkbzkdzkgzkhzkkzknzkozkpzkrzktzkuzkvzkzzl"
    "azlezljzlmzlnzlqzlszlwzmazmbzmczmdzmezmfzmgzmhzmizmjzmkzmlzmmzmnzmozmpzmqzmrzmszmtzmuzmvzmwzmxzm"
    "yzmzznazndznezngznkznszoczohzomzoozoqzorzoszpazpbzpczpdzpezpfzpgzphzpizpjzpkzplzpmzpnzpozppzpqzp"
    "rzpszptzpuzpvzpwzpxzpyzpzzqezrazrgzrnzrozrpzrszsazskzslzsmzsrzsuzteztgztlztmztnztpztqztszttztuzt"
    "xztyzuazuhzulzumzunzuyzwazxxzybzygzyjzynzypzzazzj"
)
SCRIPTS = (
    "adlmafakaghbahomarabaranarmiarmnavstbalibamubassbatkbengbhksblisbopobrahbraibugibuhdcakmcanscari"
    "chamchercirtcoptcprtcyrlcyrsdevadsrtduplegydegyhegypelbaethigeokgeorglaggothgrangrekgujrguruhanb"
    "hanghanihanohanshanthatrhebrhirahluwhmnghrkthungindsitaljamojavajpanjurckalikanakharkhmrkhojkitl"
    "kitskndakorekpelkthilanalaoolatflatglatnlekelepclimblinalinblisulomalycilydimahjmandmanimarcmaya"
    "mendmercmeromlymmodimongmoonmroomteimultmymrnarbnbatnewankgbnkoonshuogamolckorkhoryaosgeosmapalm"
    "paucpermphagphliphlpphlvphnxpiqdplrdprtiqaaaqabxrjngrororunrsamrsarasarbsaursgnwshawshrdsiddsind"
    "sinhsorasundsylosyrcsyresyrjsyrntagbtakrtaletalutamltangtavttelutengtfngtglgthaathaitibttirhugar"
    "vaiivispwarawolexpeoxsuxyiiizinhzmthzsyezsymzxxxzyyyzzzz"
)
REGIONS = (
    "adaeafagaialamaoaqarasatauawaxazbabbbdbebfbgbhbibjblbmbnbobqbrbsbtbvbwbybzcacccdcfcgchcickclcmcn"
    "cocrcucvcwcxcyczdedjdkdmdodzeceeegeheresetfifjfkfmfofrgagbgdgegfggghgiglgmgngpgqgrgsgtgugwgyhkhm"
    "hnhrhthuidieiliminioiqirisitjejmjojpkekgkhkikmknkpkrkwkykzlalblclilklrlsltlulvlymamcmdmemfmgmhmk"
    "mlmmmnmompmqmrmsmtmumvmwmxmymznancnenfngninlnonpnrnunzompapepfpgphpkplpmpnprpsptpwpyqarerorsrurw"
    "sasbscsdsesgshsisjskslsmsnsosrssstsvsxsysztctdtftgthtjtktltmtntotrtttvtwtzuaugumusuyuzvavcvevgvi"
    "vnvuwfwsyeytzazmzw"
)
# a three-letter code with a two-letter one: BCP 47 requires the shorter (« fra » → « fr »)
TWO_LETTER_OF = {
    "aar": "aa",
    "abk": "ab",
    "afr": "af",
    "aka": "ak",
    "alb": "sq",
    "amh": "am",
    "ara": "ar",
    "arg": "an",
    "arm": "hy",
    "asm": "as",
    "ava": "av",
    "ave": "ae",
    "aym": "ay",
    "aze": "az",
    "bak": "ba",
    "bam": "bm",
    "baq": "eu",
    "bel": "be",
    "ben": "bn",
    "bih": "bh",
    "bis": "bi",
    "bod": "bo",
    "bos": "bs",
    "bre": "br",
    "bul": "bg",
    "bur": "my",
    "cat": "ca",
    "ces": "cs",
    "cha": "ch",
    "che": "ce",
    "chi": "zh",
    "chu": "cu",
    "chv": "cv",
    "cor": "kw",
    "cos": "co",
    "cre": "cr",
    "cym": "cy",
    "cze": "cs",
    "dan": "da",
    "deu": "de",
    "div": "dv",
    "dut": "nl",
    "dzo": "dz",
    "ell": "el",
    "eng": "en",
    "epo": "eo",
    "est": "et",
    "eus": "eu",
    "ewe": "ee",
    "fao": "fo",
    "fas": "fa",
    "fij": "fj",
    "fin": "fi",
    "fra": "fr",
    "fre": "fr",
    "fry": "fy",
    "ful": "ff",
    "geo": "ka",
    "ger": "de",
    "gla": "gd",
    "gle": "ga",
    "glg": "gl",
    "glv": "gv",
    "gre": "el",
    "grn": "gn",
    "guj": "gu",
    "hat": "ht",
    "hau": "ha",
    "hbs": "sh",
    "heb": "he",
    "her": "hz",
    "hin": "hi",
    "hmo": "ho",
    "hrv": "hr",
    "hun": "hu",
    "hye": "hy",
    "ibo": "ig",
    "ice": "is",
    "ido": "io",
    "iii": "ii",
    "iku": "iu",
    "ile": "ie",
    "ina": "ia",
    "ind": "id",
    "ipk": "ik",
    "isl": "is",
    "ita": "it",
    "jav": "jv",
    "jpn": "ja",
    "kal": "kl",
    "kan": "kn",
    "kas": "ks",
    "kat": "ka",
    "kau": "kr",
    "kaz": "kk",
    "khm": "km",
    "kik": "ki",
    "kin": "rw",
    "kir": "ky",
    "kom": "kv",
    "kon": "kg",
    "kor": "ko",
    "kua": "kj",
    "kur": "ku",
    "lao": "lo",
    "lat": "la",
    "lav": "lv",
    "lim": "li",
    "lin": "ln",
    "lit": "lt",
    "ltz": "lb",
    "lub": "lu",
    "lug": "lg",
    "mac": "mk",
    "mah": "mh",
    "mal": "ml",
    "mao": "mi",
    "mar": "mr",
    "may": "ms",
    "mkd": "mk",
    "mlg": "mg",
    "mlt": "mt",
    "mon": "mn",
    "mri": "mi",
    "msa": "ms",
    "mya": "my",
    "nau": "na",
    "nav": "nv",
    "nbl": "nr",
    "nde": "nd",
    "ndo": "ng",
    "nep": "ne",
    "nld": "nl",
    "nno": "nn",
    "nob": "nb",
    "nor": "no",
    "nya": "ny",
    "oci": "oc",
    "oji": "oj",
    "ori": "or",
    "orm": "om",
    "oss": "os",
    "pan": "pa",
    "per": "fa",
    "pli": "pi",
    "pol": "pl",
    "por": "pt",
    "pus": "ps",
    "que": "qu",
    "roh": "rm",
    "ron": "ro",
    "rum": "ro",
    "run": "rn",
    "rus": "ru",
    "sag": "sg",
    "san": "sa",
    "sin": "si",
    "slk": "sk",
    "slo": "sk",
    "slv": "sl",
    "sme": "se",
    "smo": "sm",
    "sna": "sn",
    "snd": "sd",
    "som": "so",
    "sot": "st",
    "spa": "es",
    "sqi": "sq",
    "srd": "sc",
    "srp": "sr",
    "ssw": "ss",
    "sun": "su",
    "swa": "sw",
    "swe": "sv",
    "tah": "ty",
    "tam": "ta",
    "tat": "tt",
    "tel": "te",
    "tgk": "tg",
    "tgl": "tl",
    "tha": "th",
    "tib": "bo",
    "tir": "ti",
    "ton": "to",
    "tsn": "tn",
    "tso": "ts",
    "tuk": "tk",
    "tur": "tr",
    "twi": "tw",
    "uig": "ug",
    "ukr": "uk",
    "urd": "ur",
    "uzb": "uz",
    "ven": "ve",
    "vie": "vi",
    "vol": "vo",
    "wel": "cy",
    "wln": "wa",
    "wol": "wo",
    "xho": "xh",
    "yid": "yi",
    "yor": "yo",
    "zha": "za",
    "zho": "zh",
    "zul": "zu",
}
