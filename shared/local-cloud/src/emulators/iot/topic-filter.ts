/**
 * MQTT topic filters: `+` matches exactly one level, `#` (last level only) matches the rest
 * including the parent level itself, and a filter that starts with a wildcard never matches a
 * topic that starts with `$` (reserved topics such as `$aws/...` or `$SYS/...`).
 */
export function topicMatches(filter: string, topic: string): boolean {
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  if (topic.startsWith('$') && (filterLevels[0] === '+' || filterLevels[0] === '#')) return false;
  for (let index = 0; index < filterLevels.length; index++) {
    const level = filterLevels[index];
    if (level === '#') return true;
    if (index >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[index]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/** Throws a message naming the problem when `filter` is not a valid MQTT topic filter. */
export function assertTopicFilter(filter: string): void {
  if (filter.length === 0) throw new Error('the topic filter is empty');
  if (Buffer.byteLength(filter) > 65_535) throw new Error('the topic filter is longer than 65535 bytes');
  if (filter.includes('\u0000')) throw new Error('the topic filter contains a NUL character');
  const levels = filter.split('/');
  levels.forEach((level, index) => {
    if (level.includes('#') && (level !== '#' || index !== levels.length - 1)) {
      throw new Error(`"#" must be a whole level and the last one (in ${filter})`);
    }
    if (level.includes('+') && level !== '+') throw new Error(`"+" must be a whole level (in ${filter})`);
  });
}
