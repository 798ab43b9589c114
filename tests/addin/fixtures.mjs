// The two seed agreements (shared/seeds 000_ and 001_) shaped as GET /api/addin/agreements answers them
// (addin/API.md), a logo version per UPS and Passeport Avenir, and grants.
import { createHash } from 'node:crypto';
import { deflateSync, crc32 } from 'node:zlib';

// A real 2x2 PNG (the stand-in and the pane only carry bytes; the hash is what the BAT covers).
export function tinyPng(rgb) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const row = Buffer.from([0, ...rgb, ...rgb]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat([row, row]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const sha256 = (data) => createHash('sha256').update(data).digest('hex');

export const PA_LOGO = tinyPng([0x1e, 0x5a, 0xa8]);
export const UPS_LOGO = tinyPng([0xc0, 0x10, 0x20]);
export const PA_HASH = sha256(PA_LOGO);
export const UPS_HASH = sha256(UPS_LOGO);

export const UPS = 'org-ups';
export const PA = 'org-passeport-avenir';
export const AIX = 'org-ac-aix-marseille';

const paInUps = {
  organisationId: PA,
  name: 'Passeport Avenir',
  mentionFr: "Avec le soutien de l'association Passeport Avenir, partenaire de l'UPS.",
  mentionEn: 'With the support of the Passeport Avenir association, a partner of UPS.',
  logoExpected: true,
  logoNeedsBat: true,
  links: [{ url: 'https://www.passeport-avenir.com/', labelFr: 'www.passeport-avenir.com', labelEn: 'www.passeport-avenir.com' }],
  nameBarredFromCommercial: true,
  writtenConsentOnRecord: false,
};

const upsInUps = {
  organisationId: UPS,
  name: 'UPS',
  mentionFr: 'En partenariat avec l’UPS (Union des professeurs de classes préparatoires scientifiques).',
  mentionEn: 'In partnership with UPS (the union of teachers of scientific preparatory classes).',
  logoExpected: true,
  logoNeedsBat: true,
  links: [{ url: 'https://prepas.org/', labelFr: 'prepas.org', labelEn: 'prepas.org' }],
  nameBarredFromCommercial: false,
  writtenConsentOnRecord: false,
};

export const UPS_PA = {
  id: 'agr-ups-pa',
  title: 'UPS × Passeport Avenir',
  parties: [upsInUps, paInUps],
};

export const AIX_PA = {
  id: 'agr-aix-pa',
  title: 'Académie d’Aix-Marseille × Passeport Avenir',
  parties: [
    {
      organisationId: AIX,
      name: 'Académie d’Aix-Marseille',
      mentionFr: 'Action menée avec la participation de l’académie d’Aix-Marseille.',
      mentionEn: 'Carried out with the participation of the Aix-Marseille education authority.',
      logoExpected: false,
      logoNeedsBat: false,
      links: [],
      nameBarredFromCommercial: false,
      writtenConsentOnRecord: false,
    },
    {
      organisationId: PA,
      name: 'Passeport Avenir',
      mentionFr: 'Action menée avec la participation de Passeport Avenir.',
      mentionEn: 'Carried out with the participation of Passeport Avenir.',
      logoExpected: false,
      logoNeedsBat: false,
      links: [],
      nameBarredFromCommercial: false,
      writtenConsentOnRecord: false,
    },
  ],
};

export const LOGOS = [
  { organisationId: PA, hash: PA_HASH, contentType: 'image/png', url: `/api/addin/logos/${PA_HASH}` },
  { organisationId: UPS, hash: UPS_HASH, contentType: 'image/png', url: `/api/addin/logos/${UPS_HASH}` },
];

/** The answer to GET /api/addin/agreements for a caller of this organisation. */
export function agreementsFor(organisationId, agreements = [UPS_PA, AIX_PA]) {
  return {
    organisationId,
    agreements: structuredClone(agreements.filter((a) => a.parties.some((p) => p.organisationId === organisationId))),
    logos: structuredClone(LOGOS),
  };
}

export const NOW = new Date('2026-12-02T10:00:00Z');

export function grant(organisationId, logoHash, overrides = {}) {
  return {
    organisationId,
    logoHash,
    medium: 'email',
    from: '2026-11-01T00:00:00Z',
    to: '2027-11-01T00:00:00Z',
    ...overrides,
  };
}

export const PA_LOGO_FILE = `logo-${PA}-${PA_HASH.slice(0, 12)}.png`;
export const UPS_LOGO_FILE = `logo-${UPS}-${UPS_HASH.slice(0, 12)}.png`;
