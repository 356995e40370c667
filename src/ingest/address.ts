import { isIP } from 'node:net';

/**
 * Decides whether an IP address may be fetched from. unspin is pointed at pages chosen by strangers, so a URL (or a
 * redirect, or a DNS answer) must not make it reach the machine it runs on, its network, or a cloud metadata service.
 *
 * IPv6 is checked by allow-list (only global unicast 2000::/3 passes, minus its special blocks); addresses that embed
 * an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by the embedded IPv4 address.
 */
export function blockedReason(address: string): string | undefined {
  const bare = stripZone(address.replace(/^\[|\]$/g, ''));
  const v4 = parseIPv4(bare);
  if (v4) return ipv4Reason(v4);
  const v6 = parseIPv6(bare);
  if (!v6) return 'not an IP address';
  return ipv6Reason(v6);
}

/** The ranges refused, with the word used in error messages. Order matters only for which word is shown. */
const IPV4_BLOCKS: [string, number, string][] = [
  ['169.254.169.254', 32, 'a cloud metadata service'],
  ['168.63.129.16', 32, 'a cloud metadata service'], // Azure's host endpoint sits on a public address
  ['100.100.100.200', 32, 'a cloud metadata service'], // Alibaba Cloud
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a shared (CGNAT) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'a reserved (IETF protocol) address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.31.196.0', 24, 'a reserved (AS112) address'],
  ['192.52.193.0', 24, 'a reserved (AMT) address'],
  ['192.88.99.0', 24, 'a reserved (6to4 relay) address'],
  ['192.168.0.0', 16, 'a private address'],
  ['192.175.48.0', 24, 'a reserved (AS112) address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

const IPV4_TABLE = IPV4_BLOCKS.map(([net, bits, why]) => ({ net: toUint32(parseIPv4(net)!), mask: bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0, why }));

function ipv4Reason(b: number[]): string | undefined {
  const n = toUint32(b);
  for (const r of IPV4_TABLE) if (((n & r.mask) >>> 0) === r.net) return r.why;
  return undefined;
}

function ipv6Reason(b: number[]): string | undefined {
  const zeros = (from: number, to: number): boolean => b.slice(from, to).every((x) => x === 0);
  const v4At = (i: number): number[] => b.slice(i, i + 4);
  if (zeros(0, 16)) return 'the unspecified address';
  if (zeros(0, 15) && b[15] === 1) return 'a loopback address';
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated) and ::ffff:0:a.b.c.d (SIIT) carry an IPv4 address.
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return embedded(v4At(12));
  if (zeros(0, 12)) return embedded(v4At(12));
  if (zeros(0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(10, 12)) return embedded(v4At(12));
  // NAT64 well-known prefix 64:ff9b::/96 reaches the IPv4 address it embeds; 64:ff9b:1::/48 is for local use.
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) {
    return zeros(4, 12) ? embedded(v4At(12)) : 'a local-use NAT64 address';
  }
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return 'a link-local address';
  if ((b[0]! & 0xfe) === 0xfc) return b[0] === 0xfd && b[1] === 0x00 && b[2] === 0x0e && b[3] === 0xc2 ? 'a cloud metadata service' : 'a unique-local (private) address';
  if (b[0] === 0xff) return 'a multicast address';
  if ((b[0]! & 0xe0) !== 0x20) return 'a reserved address'; // outside global unicast 2000::/3 (site-local, discard, ...)
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return 'a documentation address';
  if (b[0] === 0x3f && b[1] === 0xff && (b[2]! & 0xf0) === 0x00) return 'a documentation address';
  if (b[0] === 0x20 && b[1] === 0x02) return embedded(v4At(2)); // 6to4 routes to the IPv4 address it embeds
  if (b[0] === 0x20 && b[1] === 0x01 && (b[2]! & 0xfe) === 0x00) return 'a reserved (IETF protocol / Teredo) address';
  return undefined;
}

function embedded(v4: number[]): string | undefined {
  const why = ipv4Reason(v4);
  return why ? `${why} (${v4.join('.')}, inside an IPv6 address)` : undefined;
}

/** Strict dotted quad, as DNS answers and the WHATWG URL parser (after it normalises 0x7f.1, 2130706433 ...) give. */
export function parseIPv4(s: string): number[] | undefined {
  if (isIP(s) !== 4) return undefined;
  const parts = s.split('.').map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : undefined;
}

/** Sixteen bytes, from any textual IPv6 form (compressed, with an IPv4 tail, with a zone). */
export function parseIPv6(s: string): number[] | undefined {
  s = stripZone(s);
  if (isIP(s) !== 6) return undefined;
  const lastColon = s.lastIndexOf(':');
  const v4tail = s.slice(lastColon + 1);
  if (v4tail.includes('.')) {
    // An IPv4 tail stands for the last two groups: rewrite it so one parser handles every form.
    const v4 = parseIPv4(v4tail);
    if (!v4) return undefined;
    s = `${s.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const split = (h: string | undefined): string[] => (h ? h.split(':') : []);
  const head = split(halves[0]);
  const rest = split(halves[1]);
  const groups = halves.length === 2 ? [...head, ...Array<string>(8 - head.length - rest.length).fill('0'), ...rest] : head;
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return groups.flatMap((g) => {
    const v = parseInt(g, 16);
    return [v >> 8, v & 0xff];
  });
}

function stripZone(s: string): string {
  const i = s.indexOf('%');
  return i >= 0 ? s.slice(0, i) : s;
}

function toUint32(b: number[]): number {
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}
