// Stand-in for Pix's pino logger: records what the answer-checking code logs, so that the golden harness
// can tell a YamlParsingError thrown for a missing QROCM-ind key (logged 'badly_formatted_challenge')
// from one thrown for unreadable YAML.
export const logged = [];
const record = (level) => (payload) => {
  logged.push({ level, event: payload && payload.event });
};
export const logger = { warn: record('warn'), error: record('error'), info: record('info'), debug: record('debug') };
