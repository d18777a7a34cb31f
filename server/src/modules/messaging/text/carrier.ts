/**
 * 号段 → carrier for mainland China mobile numbers (segments as allocated by 2024).
 *
 * A segment tells the carrier that issued the number, not the one serving it today: since
 * 携号转网 (number portability) a number can have moved. Use this for routing defaults and
 * display, and let a carrier's answer (or the user) override it.
 */
import { normalizeMsisdn } from '../../../platform/msisdn';

export { normalizeMsisdn };

export type Carrier = 'cmcc' | 'cucc' | 'ctcc' | 'cbn';

/** 3-digit segments. 134 and 170 are split by their 4th digit below. */
const BY_PREFIX3: Readonly<Record<Carrier, readonly string[]>> = {
  cmcc: ['135', '136', '137', '138', '139', '147', '148', '150', '151', '152', '157', '158', '159', '165', '172', '178', '182', '183', '184', '187', '188', '195', '197', '198'],
  cucc: ['130', '131', '132', '145', '146', '155', '156', '166', '167', '171', '175', '176', '185', '186', '196'],
  ctcc: ['133', '149', '153', '162', '173', '174', '177', '180', '181', '189', '190', '191', '193', '199'],
  cbn: ['192'],
};

/** 4-digit segments: 1340–1348 CMCC, 1349 satellite (CTCC); 170x virtual operators by host network. */
const BY_PREFIX4: Readonly<Record<Carrier, readonly string[]>> = {
  cmcc: ['1340', '1341', '1342', '1343', '1344', '1345', '1346', '1347', '1348', '1703', '1705', '1706'],
  cucc: ['1704', '1707', '1708', '1709'],
  ctcc: ['1349', '1700', '1701', '1702'],
  cbn: [],
};

const SEGMENTS: ReadonlyMap<string, Carrier> = new Map(
  (['cmcc', 'cucc', 'ctcc', 'cbn'] as const).flatMap((c) => [...BY_PREFIX3[c], ...BY_PREFIX4[c]].map((p) => [p, c] as const)),
);



/** The carrier that issued the number, by its segment; null for an invalid number or an unknown segment. */
export function carrierOf(msisdn: string): Carrier | null {
  const n = normalizeMsisdn(msisdn);
  if (n === null) {
    return null;
  }
  return SEGMENTS.get(n.slice(0, 4)) ?? SEGMENTS.get(n.slice(0, 3)) ?? null;
}
