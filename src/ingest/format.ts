/** Error messages are one line, whatever a hostile file name, URL or server puts in them. */
export function oneLine(s: string): string {
  const flat = s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}
