from epreuve_tools.cli import main

raise SystemExit(main())
