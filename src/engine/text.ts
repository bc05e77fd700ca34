/** Small text helpers of the engine. */

/**
 * At most `max` characters of `text`, cut at a word boundary when one keeps more than half, else mid-word (never
 * leaving half a surrogate pair); `mark` ("…") is appended when something was cut and counts within `max`.
 */
export function cutAtWord(text: string, max: number, mark = ''): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - mark.length);
  const head = text.slice(0, room + 1);
  const space = head.lastIndexOf(' ');
  if (space > max / 2) return `${head.slice(0, space).trimEnd()}${mark}`;
  const end = /[\uD800-\uDBFF]/.test(text[room - 1] ?? '') ? room - 1 : room;
  return `${text.slice(0, end).trimEnd()}${mark}`;
}
