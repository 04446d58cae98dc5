import { BlockList, isIP } from 'node:net';

/** Tests an event value (a string) against an IP range; other values never match. */
export type IpRangeTest = (value: string) => boolean;

export class CidrSyntaxError extends Error {}

function familyOf(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  if (version === 4) return 'ipv4';
  if (version === 6) return 'ipv6';
  return undefined;
}

function rangeTest(list: BlockList, family: 'ipv4' | 'ipv6'): IpRangeTest {
  return (value) => familyOf(value) === family && list.check(value, family);
}

/**
 * `{"cidr": "10.0.0.0/24"}`. Host bits may be set (`10.0.0.7/24` covers 10.0.0.0-255); the mask
 * must be an integer below the address width (the rule engine behind EventBridge refuses /32
 * and /128, which are written as plain exact values instead).
 */
export function parseCidr(cidr: string): IpRangeTest {
  const parts = cidr.split('/');
  if (parts.length !== 2) throw new CidrSyntaxError("Malformed CIDR, one '/' required");
  const [address = '', maskText = ''] = parts;
  if (!/^\d+$/.test(maskText)) throw new CidrSyntaxError('Malformed CIDR, mask bits must be an integer');
  const family = familyOf(address);
  if (!family) throw new CidrSyntaxError(`Malformed CIDR, '${address}' is not an IPv4 or IPv6 address`);
  const maskBits = Number(maskText);
  if (family === 'ipv4' && maskBits > 31) throw new CidrSyntaxError('IPv4 mask bits must be < 32');
  if (family === 'ipv6' && maskBits > 127) throw new CidrSyntaxError('IPv6 mask bits must be < 128');
  const list = new BlockList();
  list.addSubnet(address, maskBits, family);
  return rangeTest(list, family);
}

/**
 * An exact-match string that is an IP address matches every spelling of that address
 * (`2001:db8::1` and `2001:0db8:0:0:0:0:0:1`), as the service canonicalises IP literals.
 */
export function ipLiteralTest(value: string): IpRangeTest | undefined {
  const family = familyOf(value);
  if (!family) return undefined;
  const list = new BlockList();
  list.addAddress(value, family);
  return rangeTest(list, family);
}
