// The pure decisions of the add-in (addin/src/mentions.ts, bundled by run.sh into .build/): which mentions, which
// logos, which language, what is refused, and that nothing goes in twice. No Office, no browser.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AIX, AIX_PA, NOW, PA, PA_HASH, PA_LOGO_FILE, UPS, UPS_HASH, UPS_LOGO_FILE, UPS_PA, agreementsFor, grant,
} from './fixtures.mjs';
import { appendToBody, grantCovers, hasMarker, planInsertion } from './.build/mentions.mjs';
import { report } from './.build/report.mjs';
import { t } from './.build/strings.mjs';

function plan(overrides = {}) {
  return planInsertion({
    data: agreementsFor(UPS),
    selected: [UPS_PA.id],
    language: 'fr',
    bodyType: 'html',
    commercial: false,
    grants: [],
    now: NOW,
    existingBody: '<html><body><p>Bonjour,</p></body></html>',
    offline: false,
    ...overrides,
  });
}

const PA_FR = 'Avec le soutien de l&#39;association Passeport Avenir, partenaire de l&#39;UPS.';
const PA_LINK = '<a href="https://www.passeport-avenir.com/">www.passeport-avenir.com</a>';
const AIX_BLOCK_FR =
  '<div data-tutorbot-mention="agr-aix-pa"><!-- tutorbot-mention:agr-aix-pa -->' +
  '<p>Action menée avec la participation de l’académie d’Aix-Marseille.</p></div>';

describe('mentions: HTML body', () => {
  test('mention only: the other party of a no-logo agreement, as text, in French', () => {
    const p = plan({ data: agreementsFor(PA), selected: [AIX_PA.id] });
    assert.equal(p.content, AIX_BLOCK_FR);
    assert.deepEqual(p.logos, []);
    assert.deepEqual(p.records, [{ agreementId: AIX_PA.id, organisationId: AIX }]);
    assert.equal(p.mentions[0].logo.reason, 'not-expected');
    assert.equal(p.mentions[0].batRequestable, false);
  });

  test('mention with logo: a granted, unexpired BAT for e-mail and this logo version puts the logo inline', () => {
    const p = plan({ grants: [grant(PA, PA_HASH)] });
    assert.equal(
      p.content,
      '<div data-tutorbot-mention="agr-ups-pa"><!-- tutorbot-mention:agr-ups-pa -->' +
        `<p><img src="cid:${PA_LOGO_FILE}" alt="Logo Passeport Avenir" height="48"><br>${PA_FR}<br>${PA_LINK}</p></div>`,
    );
    assert.deepEqual(p.logos, [
      { organisationId: PA, hash: PA_HASH, contentType: 'image/png', url: `/api/addin/logos/${PA_HASH}`, fileName: PA_LOGO_FILE },
    ]);
    assert.deepEqual(p.records, [{ agreementId: UPS_PA.id, organisationId: PA, logoHash: PA_HASH }]);
  });

  test('only the OTHER party is cited: the caller never gets its own mention', () => {
    const p = plan({ grants: [grant(PA, PA_HASH), grant(UPS, UPS_HASH)] });
    assert.deepEqual(p.mentions.map((m) => m.organisationId), [PA]);
    assert.ok(!p.content.includes('prepas.org'));
  });

  test('no BAT: the mention goes in as text with its link, and a BAT can be requested', () => {
    const p = plan();
    assert.equal(
      p.content,
      `<div data-tutorbot-mention="agr-ups-pa"><!-- tutorbot-mention:agr-ups-pa --><p>${PA_FR}<br>${PA_LINK}</p></div>`,
    );
    assert.deepEqual(p.logos, []);
    assert.deepEqual(p.mentions[0].logo, { kind: 'none', reason: 'bat-missing' });
    assert.equal(p.mentions[0].batRequestable, true);
    assert.deepEqual(p.records, [{ agreementId: UPS_PA.id, organisationId: PA }]);
  });

  test('two partnerships: one block per agreement, each with its own marker, in the order of the list', () => {
    const p = plan({ data: agreementsFor(PA), selected: [AIX_PA.id, UPS_PA.id], grants: [grant(UPS, UPS_HASH)] });
    assert.equal(
      p.content,
      '<div data-tutorbot-mention="agr-ups-pa"><!-- tutorbot-mention:agr-ups-pa -->' +
        `<p><img src="cid:${UPS_LOGO_FILE}" alt="Logo UPS" height="48"><br>` +
        'En partenariat avec l’UPS (Union des professeurs de classes préparatoires scientifiques).' +
        '<br><a href="https://prepas.org/">prepas.org</a></p></div>' +
        AIX_BLOCK_FR,
    );
    assert.deepEqual(p.insertedAgreements, [UPS_PA.id, AIX_PA.id]);
    assert.deepEqual(p.logos.map((l) => l.fileName), [UPS_LOGO_FILE]);
  });

  test('English: the English mention text and link label', () => {
    const p = plan({ language: 'en', grants: [grant(PA, PA_HASH)] });
    assert.equal(
      p.content,
      '<div data-tutorbot-mention="agr-ups-pa"><!-- tutorbot-mention:agr-ups-pa -->' +
        `<p><img src="cid:${PA_LOGO_FILE}" alt="Logo Passeport Avenir" height="48"><br>` +
        `With the support of the Passeport Avenir association, a partner of UPS.<br>${PA_LINK}</p></div>`,
    );
  });

  test('an empty English text falls back to the French one', () => {
    const data = agreementsFor(PA);
    data.agreements.find((a) => a.id === AIX_PA.id).parties[0].mentionEn = '  ';
    const p = plan({ data, selected: [AIX_PA.id], language: 'en' });
    assert.equal(p.content, AIX_BLOCK_FR);
  });

  test('texts edited by people are escaped; only http(s) links go in', () => {
    const data = agreementsFor(UPS);
    const party = data.agreements[0].parties.find((x) => x.organisationId === PA);
    party.mentionFr = 'Avec <script>alert(1)</script> & "Passeport"\nAvenir';
    party.links = [
      { url: 'javascript:alert(1)', labelFr: 'piège', labelEn: 'trap' },
      { url: 'https://www.passeport-avenir.com/?a=1&b="2"', labelFr: '<b>site</b>', labelEn: 'site' },
    ];
    const p = plan({ data });
    assert.equal(
      p.content,
      '<div data-tutorbot-mention="agr-ups-pa"><!-- tutorbot-mention:agr-ups-pa --><p>' +
        'Avec &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Passeport&quot;<br>Avenir' +
        '<br><a href="https://www.passeport-avenir.com/?a=1&amp;b=%222%22">&lt;b&gt;site&lt;/b&gt;</a></p></div>',
    );
  });

  test('an agreement id with odd characters cannot break out of the marker', () => {
    const data = agreementsFor(PA, [{ ...AIX_PA, id: 'x" onmouseover="a --> <b>' }]);
    const p = plan({ data, selected: ['x" onmouseover="a --> <b>'] });
    assert.match(p.content, /^<div data-tutorbot-mention="x__onmouseover__a_--___b_"><!-- tutorbot-mention:x__onmouseover__a_--___b_ --><p>/);
  });
});

describe('mentions: BAT grants', () => {
  const reasonWith = (g) => plan({ grants: [g] }).mentions[0].logo;

  test('a grant that has expired does not cover the logo', () => {
    assert.deepEqual(reasonWith(grant(PA, PA_HASH, { to: '2026-12-01T00:00:00Z' })), { kind: 'none', reason: 'bat-missing' });
    assert.equal(grantCovers(grant(PA, PA_HASH, { to: NOW.toISOString() }), { organisationId: PA, hash: PA_HASH }, NOW), false);
  });

  test('a grant that starts later does not cover it yet', () => {
    assert.deepEqual(reasonWith(grant(PA, PA_HASH, { from: '2026-12-03T00:00:00Z' })), { kind: 'none', reason: 'bat-missing' });
  });

  test('a grant for another logo version does not cover the current one', () => {
    assert.deepEqual(reasonWith(grant(PA, UPS_HASH)), { kind: 'none', reason: 'bat-missing' });
    assert.deepEqual(reasonWith(grant(PA, 'a'.repeat(64))), { kind: 'none', reason: 'bat-missing' });
  });

  test('a grant for another medium does not cover e-mail', () => {
    assert.deepEqual(reasonWith(grant(PA, PA_HASH, { medium: 'print' })), { kind: 'none', reason: 'bat-missing' });
  });

  test("a grant by another organisation does not cover this one's logo", () => {
    assert.deepEqual(reasonWith(grant(UPS, PA_HASH)), { kind: 'none', reason: 'bat-missing' });
  });

  test('a logo that needs no BAT goes in without a grant', () => {
    const data = agreementsFor(UPS);
    data.agreements[0].parties.find((x) => x.organisationId === PA).logoNeedsBat = false;
    assert.equal(plan({ data }).mentions[0].logo.kind, 'inline');
  });

  test('no logo uploaded: text, and nothing to request', () => {
    const data = { ...agreementsFor(UPS), logos: [] };
    const p = plan({ data, grants: [grant(PA, PA_HASH)] });
    assert.deepEqual(p.mentions[0].logo, { kind: 'none', reason: 'no-logo-version' });
    assert.equal(p.mentions[0].batRequestable, false);
  });

  test('a logo whose file could not be fetched goes in as text', () => {
    const p = plan({ grants: [grant(PA, PA_HASH)], unavailableLogos: new Set([PA_HASH]) });
    assert.deepEqual(p.mentions[0].logo, { kind: 'none', reason: 'logo-unavailable' });
    assert.deepEqual(p.logos, []);
    assert.ok(!p.content.includes('<img'));
  });

  test('offline: never a logo, even with a grant', () => {
    const p = plan({ grants: [grant(PA, PA_HASH)], offline: true });
    assert.deepEqual(p.mentions[0].logo, { kind: 'none', reason: 'offline' });
    assert.deepEqual(p.logos, []);
    assert.equal(p.content, `<div data-tutorbot-mention="agr-ups-pa"><!-- tutorbot-mention:agr-ups-pa --><p>${PA_FR}<br>${PA_LINK}</p></div>`);
  });
});

describe('mentions: plain-text body', () => {
  test('text with a marker line, the link as "label : url", no logo', () => {
    const p = plan({ bodyType: 'text', grants: [grant(PA, PA_HASH)], existingBody: 'Bonjour,\n' });
    assert.equal(
      p.content,
      '-- Mention de partenariat [agr-ups-pa] --\n' +
        "Avec le soutien de l'association Passeport Avenir, partenaire de l'UPS.\n" +
        'www.passeport-avenir.com : https://www.passeport-avenir.com/',
    );
    assert.deepEqual(p.mentions[0].logo, { kind: 'none', reason: 'text-body' });
    assert.deepEqual(p.logos, []);
    assert.deepEqual(p.records, [{ agreementId: UPS_PA.id, organisationId: PA }]);
  });

  test('English text, two blocks separated by a blank line', () => {
    const p = plan({ data: agreementsFor(PA), selected: [UPS_PA.id, AIX_PA.id], bodyType: 'text', language: 'en', existingBody: '' });
    assert.equal(
      p.content,
      '-- Partnership mention [agr-ups-pa] --\n' +
        'In partnership with UPS (the union of teachers of scientific preparatory classes).\n' +
        'prepas.org: https://prepas.org/\n\n' +
        '-- Partnership mention [agr-aix-pa] --\n' +
        'Carried out with the participation of the Aix-Marseille education authority.',
    );
  });
});

describe('mentions: commercial communication', () => {
  test("switch on: Passeport Avenir's name is refused without its written agreement, with the reason", () => {
    const p = plan({ commercial: true, grants: [grant(PA, PA_HASH)] });
    assert.equal(p.content, '');
    assert.deepEqual(p.refusals, [
      { agreementId: UPS_PA.id, organisationId: PA, name: 'Passeport Avenir', reason: 'commercial-without-written-consent' },
    ]);
    assert.deepEqual(p.records, []);
    assert.deepEqual(p.logos, []);
  });

  test('switch on with the written agreement on record: inserted', () => {
    const data = agreementsFor(UPS);
    data.agreements[0].parties.find((x) => x.organisationId === PA).writtenConsentOnRecord = true;
    const p = plan({ data, commercial: true });
    assert.deepEqual(p.refusals, []);
    assert.ok(p.content.includes(PA_FR));
  });

  test('switch on offline: a cached written agreement cannot be checked, so the name is refused', () => {
    const data = agreementsFor(UPS);
    data.agreements[0].parties.find((x) => x.organisationId === PA).writtenConsentOnRecord = true;
    const p = plan({ data, commercial: true, offline: true });
    assert.equal(p.content, '');
    assert.equal(p.refusals[0].reason, 'commercial-consent-unverified');
  });

  test("switch on: parties whose name is not barred are still cited (the clause protects Passeport Avenir's name)", () => {
    const p = plan({ data: agreementsFor(PA), selected: [UPS_PA.id, AIX_PA.id], commercial: true });
    assert.deepEqual(p.refusals, []);
    assert.deepEqual(p.mentions.map((m) => m.organisationId), [UPS, AIX]);
  });

  test('switch off: no refusal', () => {
    assert.deepEqual(plan({ commercial: false }).refusals, []);
  });
});

describe('mentions: pressed twice', () => {
  test('HTML: the second press finds the marker and inserts nothing', () => {
    const body = '<html><body><p>Bonjour,</p></body></html>';
    const first = plan({ existingBody: body, grants: [grant(PA, PA_HASH)] });
    const after = appendToBody(body, first.content, 'html');
    assert.equal(after, `<html><body><p>Bonjour,</p>${first.content}</body></html>`);
    const second = plan({ existingBody: after, grants: [grant(PA, PA_HASH)] });
    assert.equal(second.content, '');
    assert.deepEqual(second.alreadyInserted, [UPS_PA.id]);
    assert.deepEqual(second.logos, []);
    assert.deepEqual(second.records, []);
  });

  test('text: the marker line is found, whatever the language it was written in', () => {
    const first = plan({ bodyType: 'text', existingBody: 'Bonjour,', language: 'en' });
    const after = appendToBody('Bonjour,\n\n', first.content, 'text');
    assert.equal(after, `Bonjour,\n\n${first.content}`);
    assert.equal(plan({ bodyType: 'text', existingBody: after, language: 'fr' }).content, '');
  });

  test('the host dropped the wrapper but kept the comment, or kept neither but the pane remembers', () => {
    const withComment = '<p>x</p><!-- tutorbot-mention:agr-ups-pa --><p>y</p>';
    assert.equal(plan({ existingBody: withComment }).content, '');
    assert.equal(plan({ existingBody: '<p>x</p>', insertedThisSession: new Set([UPS_PA.id]) }).content, '');
  });

  test('one agreement already in, the other not: only the missing one goes in', () => {
    const p = plan({ data: agreementsFor(PA), selected: [UPS_PA.id, AIX_PA.id], existingBody: `<p>x</p>${AIX_BLOCK_FR}` });
    assert.deepEqual(p.alreadyInserted, [AIX_PA.id]);
    assert.deepEqual(p.insertedAgreements, [UPS_PA.id]);
  });

  test('markers are matched whole: agr-ups-pa-2 is not agr-ups-pa', () => {
    assert.equal(hasMarker('<div data-tutorbot-mention="agr-ups-pa-2"></div>', 'agr-ups-pa'), false);
    assert.equal(hasMarker('-- Mention de partenariat [agr-ups-pa-2] --', 'agr-ups-pa'), false);
    assert.equal(hasMarker('<div data-tutorbot-mention="agr-ups-pa"></div>', 'agr-ups-pa'), true);
  });
});

describe('appendToBody', () => {
  test('HTML: before the last </body>; a fragment without one: at its end', () => {
    assert.equal(appendToBody('<html><body><p>a</p></body></html>', '<p>m</p>', 'html'), '<html><body><p>a</p><p>m</p></body></html>');
    assert.equal(appendToBody('<p>a</p>', '<p>m</p>', 'html'), '<p>a</p><p>m</p>');
  });

  test('text: after one blank line; an empty body is just the mention', () => {
    assert.equal(appendToBody('a\n\n\n', 'm', 'text'), 'a\n\nm');
    assert.equal(appendToBody('  \n', 'm', 'text'), 'm');
  });
});

describe('status report', () => {
  test('inserted, BAT can be requested, refusals and skipped agreements are each said, in the UI language', () => {
    const data = agreementsFor(PA);
    const p = plan({ data, selected: [UPS_PA.id, AIX_PA.id], existingBody: AIX_BLOCK_FR });
    const r = report('fr', { plan: p, queued: true }, data.agreements);
    assert.equal(r.message, t('fr', 'inserted', { names: 'UPS' }));
    assert.deepEqual(r.details, [
      t('fr', 'batRequestable', { name: 'UPS' }),
      t('fr', 'alreadyInserted', { title: AIX_PA.title }),
      t('fr', 'notRecorded'),
    ]);
    const refused = report('en', { plan: plan({ commercial: true }), queued: false }, agreementsFor(UPS).agreements);
    assert.equal(refused.message, t('en', 'nothingInserted'));
    assert.deepEqual(refused.details, [t('en', 'refusedCommercial', { name: 'Passeport Avenir' })]);
    assert.match(refused.details[0], /written agreement/);
  });
});
