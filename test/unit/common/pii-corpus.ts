/**
 * A labeled corpus for the redactor: PII and secrets of 16 kinds, each inside the kind of text
 * an agent writes (answers, tool arguments, logs, config snippets, curl lines), and look-alikes
 * that must come through untouched. Every value is synthetic: random keys and tokens, card
 * numbers and IBANs made to pass their checksums, phone numbers from fictional or made-up ranges.
 *
 * In a sample the sensitive part is written between ⟦ and ⟧ (several per text allowed); `text` is
 * the sample without the marks and `secrets` the marked parts.
 */

export const PII_KINDS = [
  'email',
  'phone',
  'card',
  'iban',
  'us_ssn',
  'uk_nino',
  'ai_key',
  'cloud_key',
  'vcs_token',
  'chat_token',
  'saas_key',
  'kv_secret',
  'jwt',
  'bearer',
  'pem_key',
  'url_password',
] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export interface PiiSample {
  kind: PiiKind;
  text: string;
  secrets: string[];
}

export interface LookAlike {
  kind: string;
  text: string;
}

/**
 * What of a sample's secrets is still readable in `output` (a text it went into, whole or in
 * part): a whole secret, or its digit runs of 3+ and other runs of 4+ characters that are not
 * also in the sample's other text. Placeholders such as [email] are not read.
 */
export function leaks(sample: PiiSample, output: string): string[] {
  const context = sample.secrets.reduce((text, secret) => text.replace(secret, ' '), sample.text);
  const readable = output.replace(/\[[a-z]+\]/g, ' ');
  return sample.secrets.flatMap((secret) => [
    ...(readable.includes(secret) ? [secret] : []),
    ...(secret.match(/\d{3,}|[A-Za-z0-9]{4,}/g) ?? []).filter((run) => !context.includes(run) && readable.includes(run)),
  ]);
}

// A sample from text with its sensitive parts between ⟦ and ⟧.
function pii(kind: PiiKind, marked: string): PiiSample {
  const secrets = [...marked.matchAll(/⟦([\s\S]*?)⟧/g)].map((m) => m[1]!);
  if (secrets.length === 0) throw new Error(`corpus: no ⟦secret⟧ in ${marked}`);
  return { kind, text: marked.replace(/[⟦⟧]/g, ''), secrets };
}

const JWT_HS256 =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTg4MTIiLCJuYW1lIjoiVGVzdCBVc2VyIiwiaWF0IjoxNzAwMDAwMDAwfQ.NjA2MzQ3MjE3ODk3MDE0NDczNDQ2Mzc5MDYzNTY5ODQ';
const JWT_RS256 =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS50ZXN0IiwiYXVkIjoiYXBpIiwiZXhwIjoxOTAwMDAwMDAwfQ.NDgxODIxNDUxOTQ4MDkwNTU5ODkyMDgyNzA5NDgwOTM';
const JWT_ES256 =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsInNjb3BlIjoicmVhZCB3cml0ZSJ9.MjQ4OTExNDcyMjIwNjMwNTEzNDI4ODIyMDk1ODI1NDQ';
const JWT_HS512 = 'eyJhbGciOiJIUzUxMiJ9.eyJ1aWQiOjQyLCJyb2xlIjoiYWRtaW4ifQ.NjE5MDI1ODk5MDU3MDkxNTU5OTYxNjAxMDEzMzQ2MTY';
const JWT_EMAIL =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6Im9wc0BleGFtcGxlLnRlc3QiLCJleHAiOjE4MDAwMDAwMDB9.MzY1NjE3MjAwMjYwMDc4MjQ2MzkxMDY0NzkzODY3NzE';

const PEM_BODY_A = [
  'MIIEowIBAAKCAQEAgCugnXPKeNumdzPel8yFLrUw99wb1Pt31Uf4FqzsQKZVNxVD',
  '1o+ncX9lPpu4zN9E3a/3Td0P/0mkL3lSBoeHw2sFf8bAV/sK6+mF6pCDskCSFjvy',
  'xugE4kpTBQGBSvEuNhrh/h9Fi8F+ofhDvaZ1ExDih8kgvcajpRdejzN6tca/q61l',
  'HPuO5SpWLGDwziGIxEqOsI9zqTVGW3YV0tszVaFozNpsvIYSqsuTrYqkh46r',
].join('\n');
const PEM_BODY_B = [
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgJmWRBG3pckoO3Dgf',
  'yAzz/Bj6Uw9OC/3wasUaH3hz2xfl3nk3NPa9w0sRnhSGfFVvONgavkroaWU6Xe53',
  'NF4txE4cwXM2OgicK4tQbl7qctfnUR9M4vVUOJ6N',
].join('\n');
const PEM_BODY_C = [
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz',
  '2Ao9tqIsCLbnEGwWR0IyM7+6jlza3F0ERM4scb+oOXCd8Px9tG4bZSyR2oEivWGC',
  'GiyHjeZAwua0fXZa+pau9SMNGgYvdSqcTdDuQn6I8/Ith4D1DWOrMDzu1Edq30mX',
].join('\n');
const PEM_BODY_D = [
  'MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI7zRi1cfTQvOzCXcq',
  'Q58nORq9LJyr32msMn6YMB+7DEmK+pwCfkhRrSIepwTKoK732y7XHiBESBvOlUQ2',
  'Avvsh9mkMv//6A16fbcm1GkNKRWMDeEErU0TegZ5r4wWxNrS',
].join('\n');

/**
 * Forms outside trials found printed as written (session 20): the e2e redaction run feeds them to its agent besides
 * the first samples of each kind.
 */
export const FORMS_FOUND_OUTSIDE: readonly PiiSample[] = [
  pii('card', 'card ⟦4111.1111.1111.1111⟧ on file'),
  pii('card', 'amex ⟦3782.822463.10005⟧, exp 03/30'),
  pii('email', 'alerts go to ⟦ops@[127.0.0.1]⟧ and ⟦root@[IPv6:2001:db8::1]⟧'),
  pii('us_ssn', 'SSN ⟦219.09.9999⟧ (dotted)'),
  pii('iban', 'iban ⟦de89 3704 0044 0532 0130 00⟧ end'),
  pii('iban', 'compte ⟦BE70 0637 7327 7496⟧ EUR'),
  // The name marked with its value: three figures alone turn up in any file of a run (a duration, an id).
  pii('kv_secret', 'export ⟦API_KEY=907⟧ done'),
];

export const PII_SAMPLES: readonly PiiSample[] = [
  ...FORMS_FOUND_OUTSIDE,
  // Emails: plain, plus-addressing, subdomains, quoted local parts, upper case, in JSON, headers, URLs.
  pii('email', 'Please send the invoice to ⟦jane.doe@example.com⟧ by Friday.'),
  pii('email', 'Customer wrote from ⟦john.smith+orders@mail.example.co.uk⟧: "where is my parcel?"'),
  pii('email', 'Forwarding the thread to ⟦"john smith"@example.com⟧ as requested.'),
  pii('email', 'ticket opened by ⟦"quoted.name"@support.example.net⟧ yesterday'),
  pii('email', '{"customer":{"name":"A. Test","email":"⟦a.test@billing.eu.example.org⟧"}}'),
  pii('email', 'Reply-To: ⟦support-team@sub.domain.example.io⟧'),
  pii('email', 'cc: ⟦pat.o-brien_2@example.ie⟧; bcc: ⟦ops@example.ie⟧'),
  pii('email', 'Contact: ⟦MARIA.GARCIA@EXAMPLE.ES⟧ (account owner)'),
  pii('email', '<a href="mailto:⟦help.desk@example.com⟧?subject=Refund">write to us</a>'),
  pii('email', 'From: Notifications <⟦noreply+x7@notifications.example.com⟧>'),
  pii('email', 'GET /api/users?email=⟦user_99@example-shop.com⟧&plan=pro 200'),
  pii('email', 'Sent by ⟦first.last@corp.example.travel⟧ on behalf of the team.'),
  pii('email', 'lookup_customer({"query": "⟦ahmed.k1985@example.ae⟧"}) returned 1 row'),
  pii('email', 'Rückfrage von ⟦jürgen.müller@example.de⟧ zur Lieferung'),
  // Phone numbers: US (+1 and 1- prefixes, parentheses, dots), UK, German, French, Indian; national and international.
  pii('phone', 'Call me back at ⟦1-415-555-0132⟧ after 5pm.'),
  pii('phone', 'My cell is ⟦+1 (212) 555-0187⟧, text first.'),
  pii('phone', 'Desk line: ⟦+1 646.555.0143⟧'),
  pii('phone', '{"phone":"⟦(312) 555-0176⟧","verified":true}'),
  pii('phone', 'Text ⟦1 (617) 555-0123⟧ if it is urgent.'),
  pii('phone', '<a href="tel:⟦+14155550199⟧">call</a>'),
  pii('phone', 'Customer callback number: ⟦(555) 201-4477⟧'),
  pii('phone', 'UK office: ⟦+44 20 7946 0958⟧ (9am-5pm GMT)'),
  pii('phone', 'Ring ⟦020 7946 0321⟧ tomorrow morning.'),
  pii('phone', 'Mobile ⟦+44 7911 123456⟧'),
  pii('phone', 'Manchester desk ⟦0044 161 496 0753⟧'),
  pii('phone', 'Switchboard ⟦+44 (0)20 7946 0744⟧, ask for Sam.'),
  pii('phone', 'Tel.: ⟦+49 30 12345678⟧'),
  pii('phone', 'Rückruf bitte unter ⟦+49 (0)89 1234567⟧.'),
  pii('phone', 'Handy: ⟦0151 23456789⟧'),
  pii('phone', 'Zentrale ⟦+49-69-1234-5678⟧'),
  pii('phone', 'Appelez le ⟦01 42 68 53 00⟧ avant midi.'),
  pii('phone', 'Portable : ⟦+33 6 12 34 56 78⟧'),
  pii('phone', 'mobile ⟦06.12.34.56.78⟧ (Lyon)'),
  pii('phone', 'WhatsApp ⟦+91 98765 43210⟧ for updates'),
  pii('phone', 'Mumbai office ⟦+91-22-2345-6789⟧'),
  pii('phone', 'Bengaluru: ⟦0091 80 4567 8901⟧'),
  // Card numbers: several brands, spaced, dashed and unspaced, Luhn-valid.
  pii('card', 'Card on file: ⟦4118 6435 5556 1438⟧, exp 09/27.'),
  pii('card', 'paid with visa ⟦4275960124247714⟧ yesterday'),
  pii('card', '{"card_number":"⟦5101235254489601⟧","brand":"mastercard"}'),
  pii('card', 'Mastercard ⟦5512-1123-2117-5559⟧ was declined'),
  pii('card', 'MC 2-series ⟦2221 5012 8225 6573⟧'),
  pii('card', 'Amex ⟦3481 863378 96540⟧ (4-6-5 grouping)'),
  pii('card', 'amex:⟦373036936114894⟧'),
  pii('card', 'Discover ⟦6011 0046 5637 4465⟧'),
  pii('card', 'JCB card ⟦3530448124683834⟧ declined: insufficient funds'),
  pii('card', 'Diners Club ⟦3639 830512 6647⟧'),
  pii('card', 'UnionPay ⟦6205 3080 7281 2263⟧'),
  pii('card', 'charge_card(card="⟦6238288217766560893⟧", amount=12.50)'),
  pii('card', 'old 13-digit visa ⟦4161728054327⟧'),
  pii('card', 'Maestro ⟦6759 1304 0649 3507⟧ expires 2027'),
  // IBANs: several countries, spaced and unspaced.
  pii('iban', 'Please wire the refund to ⟦GB57 WEST 1234 5665 0468 39⟧.'),
  pii('iban', 'IBAN: ⟦GB85NWBK44158425482631⟧'),
  pii('iban', 'Kontoverbindung ⟦DE55 5829 7167 4104 2804 04⟧'),
  pii('iban', 'update_payout({"iban": "⟦DE79438878435118448230⟧"})'),
  pii('iban', 'RIB : ⟦FR40 3049 3197 6429 6010 6752 744⟧'),
  pii('iban', '{"iban":"⟦ES7343158135030299344213⟧","holder":"T. Test"}'),
  pii('iban', 'Conto ⟦IT10 X372 5364 8056 0993 0536 768⟧'),
  pii('iban', 'Rekening ⟦NL03ABNA3340688169⟧'),
  pii('iban', 'compte ⟦BE70 0637 7327 7496⟧'),
  pii('iban', 'Konto ⟦CH54 9095 0498 9871 9612 7⟧'),
  pii('iban', 'rachunek ⟦PL12020631802070512861806339⟧'),
  pii('iban', 'kontonummer ⟦NO71 9639 9161 944⟧'),
  pii('iban', 'IE account ⟦IE76 AIBK 1630 0519 3387 59⟧'),
  pii('iban', 'AT: ⟦AT087518016252169056⟧'),
  // US Social Security numbers, dashed and spaced.
  pii('us_ssn', 'SSN ⟦123-45-6789⟧ on file'),
  pii('us_ssn', 'Social Security Number: ⟦219 09 9999⟧'),
  pii('us_ssn', 'verify_identity(ssn="⟦536-22-8174⟧")'),
  pii('us_ssn', '{"ssn":"⟦401-88-2365⟧","dob":"1980-01-01"}'),
  pii('us_ssn', "The applicant's SSN is ⟦372 41 9058⟧."),
  pii('us_ssn', 'tax id ⟦512-34-8890⟧ verified'),
  pii('us_ssn', 'SSN: ⟦665-21-0457⟧'),
  pii('us_ssn', 'last known ssn ⟦231-56-7890⟧, address unknown'),
  pii('us_ssn', 'ssn#⟦287-65-4321⟧'),
  pii('us_ssn', 'member SSN ⟦804 12 3456⟧ (spaced as typed)'),
  // UK National Insurance numbers, spaced and unspaced.
  pii('uk_nino', 'NI number ⟦AB 12 34 56 C⟧'),
  pii('uk_nino', 'National Insurance: ⟦JG103759A⟧'),
  pii('uk_nino', 'nino=⟦CE 45 67 89 D⟧'),
  pii('uk_nino', '{"ni_number":"⟦PX 98 76 54 B⟧"}'),
  pii('uk_nino', 'NINO ⟦TW123456A⟧ verified with HMRC'),
  pii('uk_nino', 'my NI no. is ⟦HR 33 44 55 A⟧'),
  pii('uk_nino', 'typed as ⟦ab123456c⟧ in the form'),
  pii('uk_nino', 'NI: ⟦SN 12 34 56 D⟧'),
  pii('uk_nino', 'payroll record ⟦KL 789012 B⟧'),
  pii('uk_nino', 'employee ⟦MA112233D⟧, tax code 1257L'),
  // AI provider keys.
  pii('ai_key', 'OPENAI_API_KEY is ⟦sk-proj-63s-8ElD314sgKXJt6HZZpR0piIsit-g_Uzg3C-fpbV5UpCWT3BlbkFJgZXBo2OhiJwSXXhZWsTzK2CYHievX4Pru1hpfG4mPVToRsY4⟧'),
  pii('ai_key', 'using key ⟦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⟧ for the request'),
  pii('ai_key', 'service account ⟦sk-svcacct-3iwD_Oa4ck4ACOpTB4ZPz91KFU68rUzbj0oryoesphP0pJI5rQ5b3PNSdB4lbiz4⟧'),
  pii('ai_key', 'Anthropic(api_key="⟦sk-ant-api03-VnnSzFlZKnXvdrXHBnsiKL3SMHi7fTAlK9CtkU3Pu4bDKaaUi5yyQZuhSJI2or7WDHn1JhWfJ8d5lrF-X5QnMUy-2wwa6AA⟧")'),
  pii('ai_key', 'admin key ⟦sk-ant-admin01-DHPKWM7wUNhulzhOvNQaIx2r0ImTiHPxfwlORDSAwFgiSQwawzVdoavI4CqhTit21MFZNSEPJo7a6vrwgk9JH5Bxq0094AA⟧ rotated'),
  pii('ai_key', 'huggingface-cli login --token ⟦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⟧'),
  pii('ai_key', 'GROQ key: ⟦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⟧'),
  pii('ai_key', 'replicate token ⟦r8_pVOsjKurSuOKn56tEY2BNdlBWgFTjECg11dfm⟧'),
  pii('ai_key', 'perplexity ⟦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⟧'),
  pii('ai_key', 'xAI key ⟦xai-ybTPG1HjSKlH1TdVZjrat0pDTHAC9nplv39YxeKULY6bYSFmb7u3QkmD0WsgXuHpz1coR5pcDz8ZDfiC⟧'),
  pii('ai_key', 'OpenRouter ⟦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⟧'),
  // Cloud provider keys.
  pii('cloud_key', 'aws access key id ⟦AKIAZ2QFY0ZX83YIPSQM⟧'),
  pii('cloud_key', '{"AccessKeyId":"⟦ASIA2PSUQ5S6FMZJFV5K⟧","Expiration":"2030-01-01T00:00:00Z"}'),
  pii('cloud_key', 'boto3.client("s3", aws_access_key_id="⟦AKIATVTGC4J6ZO4XGZB7⟧")'),
  pii('cloud_key', 'https://maps.googleapis.com/maps/api/geocode/json?address=Main+St&key=⟦AIzarpfUfCAkgD42QXzpK-CYkwiCUWfAhfiuL92⟧'),
  pii('cloud_key', 'Google API key ⟦AIzath60lB7OSFNr8XClJ7-XRg8o-JrxjuHBq7F⟧ restricted to maps'),
  pii('cloud_key', 'gcloud access token ⟦ya29.a0ut9sN29XdgUDSceTBt3bH9ZrVEO5BARDRl31eNgnVcr0REZ3WPdujtObTmoKKZ2E7IhPX0QLlS8fG9f2Qj-eq40E3BjaPXBOtGf2Dh6TAfOf5xnP1gsl4_8L⟧'),
  pii('cloud_key', 'DefaultEndpointsProtocol=https;AccountName=store1;AccountKey=⟦CYO/O4L6rDVUCZBnPByGs0Ne0E/DOdSyMdNonPFn/QgQc/Xgwg/m77RKullzbdH8S31DdnzuWYZS9K7m7Eweuo==⟧;EndpointSuffix=core.windows.net'),
  pii('cloud_key', 'DIGITALOCEAN_TOKEN ⟦dop_v1_33f3dc4dfa1345db7ab5fb2e47baf22bace2db294a2f925b9475f72f2d1b62e2⟧'),
  pii('cloud_key', 'aws_session_token = ⟦IQoJb3JpZ2luX2VjEsxPKMkkLINVt10iS/NinCPpvGOyO6lpo13L5zVltZQL2MJqVvOXxGcaYE7aE+LfVsWmJwwx25WqR3jMQbv228Lexj351ZFfJisxK5zVbof3sSAfP9U9TJYrH⟧'),
  // Source-host and package-registry tokens.
  pii('vcs_token', 'GITHUB_TOKEN ⟦ghp_7YmBM2916yUBCMCDsYJ1sCgnhhgKnjYPMr13⟧'),
  pii('vcs_token', 'oauth token ⟦gho_sashskXWLpy8EZAXZYwUhBxqFgN8J2obn2XV⟧ from the app'),
  pii('vcs_token', 'git push https://x-access-token:⟦ghs_XRI4UyqobSU3ye7Lg4OnYSmk5BR74Y30eo2N⟧@github.com/org/repo.git'),
  pii('vcs_token', 'user-to-server ⟦ghu_Q3I5P6twM4mLgfb0fCZZXEgLn4uSBOUt2an2⟧'),
  pii('vcs_token', 'refresh ⟦ghr_z46Ov8XKSBnVmGpSYRKOS61Jkv8N09cf4Pnv⟧'),
  pii('vcs_token', 'fine-grained ⟦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⟧'),
  pii('vcs_token', 'GitLab personal token ⟦glpat-JpW2PNkfbx2G-Qv9PYaz⟧'),
  pii('vcs_token', '//registry.npmjs.org/:_authToken=⟦npm_ryUDFcXD2r0HhsOqHV5GA1oZLExR9JkLHlVd⟧'),
  pii('vcs_token', 'twine upload -p ⟦pypi-AgEIcHlwaS5vcmcRriuS4LxwZtOpjJ_QF-6Dg9iKwKr-aD3Yl3MOvrI0jE5J1uh0-zJDUQPSnhdkkYzTLmwED⟧ dist/*'),
  // Chat tokens and webhooks.
  pii('chat_token', 'SLACK_BOT_TOKEN ⟦xoxb-119186315858-9565730006751-LmOk2d8kVXsii5yqlZuRZEJV⟧'),
  pii('chat_token', 'user token ⟦xoxp-815258907592-531973573960-9839509298837-a678d3daea7d4ab2044980e970971916⟧'),
  pii('chat_token', 'socket mode app token ⟦xapp-1-ARATEJIFES5-5789992441212-8a562661c10eb0fe684de8f95997934f9464dc786e8f668691a1a8668a674893⟧'),
  pii('chat_token', 'rotating token ⟦xoxe.xoxp-1-kivm7ZUsDEKHLWAlwDrkpisclV8UfB2xp6WIkUfrrmj2BWELdCq1if9lVZ4gwkPZA9CYF25FLkOKwjE03q3qwTvIyjoqU3VBBsS77og4kRInHjTYo5qUVruGtkaKr2KbnzN4WyfYbgLM⟧'),
  pii('chat_token', 'post_alert(url="https://hooks.slack.com/services/⟦TEZCO1015/BGA5K4HII/R0QiSwMYufEqhfnbbvYLs6ez⟧")'),
  pii('chat_token', 'webhook https://discord.com/api/webhooks/⟦563036235975192675/IFY-e-cNP-zLRQE9ix3-DwZvqrrVX1RCjlfaWGPmJxKmZ6fWJznxWWnzKFaendnK3JzY⟧'),
  pii('chat_token', 'TELEGRAM_BOT_TOKEN ⟦0807686628:AAEdeubPxRKCZ_wNvMkawnN0JY7oQK0HZcX⟧'),
  pii('chat_token', 'discord bot token ⟦MZMwMjOMw7bZRNgMKCSuoeuufr.rjPVBU.E-dbpNt2p8-fISSVjfV0Di6utTkhe5wFEUCL8q⟧'),
  // Keys of payment, mail and work-tracking services.
  pii('saas_key', 'stripe.api_key = "⟦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⟧"'),
  pii('saas_key', 'restricted key ⟦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⟧'),
  pii('saas_key', 'test mode ⟦sk_test_51eX0t66qzYPpt4mLaNaimyMXlHTy3f61zyucWWILq2VBWSUPaWRFdb1Bc8m91⟧'),
  pii('saas_key', 'STRIPE_WEBHOOK_SECRET ⟦whsec_uekuNhwZWZivegQWdBvQR5NewFySehAS⟧'),
  pii('saas_key', 'SendGrid ⟦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⟧'),
  pii('saas_key', 'Twilio API key ⟦SK554345045f97d61dd63a9dd7761a35b3⟧'),
  pii('saas_key', 'Shopify admin token ⟦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⟧'),
  pii('saas_key', 'mailgun ⟦key-bbd863f1d593a98748edacc7590d7dd4⟧'),
  pii('saas_key', 'Mailchimp key ⟦2b6f6130a73b98c03618817a17af6ff1-us14⟧'),
  pii('saas_key', 'Linear ⟦lin_api_JPuAHA9GHqiChgwYdep0Q8m2dYgaHUaKe2D18yDR⟧'),
  pii('saas_key', 'Square access token ⟦sq0atp-ugpQjgkgtmLpQRSwvL1-8m⟧'),
  pii('saas_key', 'Jira API token ⟦ATATT3xFfGF09PuI8xyPOimero3NszF8BTX7QKykzVq0alEZ2ThVr_0GlSQNDUICyrcCo-gcX6n63ZqMMOJbW-xHOBNlCIQE8XzPpCltxKU4_ocJdQPpDmSonaEbmdIsMTG8nKlSBMwxpNO2j_dgW8Rz2gP2jShUYDTZVGscKPNOAooUfbta_T=9UDDHOF3⟧'),
  // key = value secrets of any shape.
  pii('kv_secret', 'aws_secret_access_key=⟦+1QVruKuAWKG3wRFBiU5hpdqbUVlDjZRfF5/85h1⟧'),
  pii('kv_secret', 'AWS_SECRET_ACCESS_KEY: "⟦B2VVgjoyxregNH+IYVbqemPpXtWqzWC+LXVgoIiO⟧"'),
  pii('kv_secret', '{"api_key": "⟦cc5f92b0285173e51e7efcb4b1345d7b⟧", "region": "eu"}'),
  pii('kv_secret', 'password: ⟦P@ssw0rd!2024⟧'),
  pii('kv_secret', 'DB_PASSWORD=⟦s3cr3t-Pa55⟧'),
  pii('kv_secret', '"client_secret": "⟦gTaEHcCzaUXERvdvYYwU⟧",'),
  pii('kv_secret', 'curl -H "x-api-key: ⟦zojpiZdO6IcHtHxxVEINFabfZEoDsAee⟧" https://api.example.com/v1/items'),
  pii('kv_secret', 'mysql -u root --password=⟦Winter2024xyz⟧ shop'),
  pii('kv_secret', 'SECRET_KEY = "⟦django-insecure-7x!b2q0$k9m@t4z%p1r&w8y^e6u⟧"'),
  pii('kv_secret', '{"username":"svc","password":"⟦correct horse battery staple⟧"}'),
  pii('kv_secret', 'refresh_token=⟦2307960e357bbd0fa3d7e9c847d9a0eec09642bf⟧&grant_type=refresh_token'),
  pii('kv_secret', 'export SLACK_SIGNING_SECRET=⟦e825c6b5accdd1a1929404d8b8851ad7⟧'),
  pii('kv_secret', "twilio auth_token: '⟦a9558c734fcdcc973e546b5fbfb24e4e⟧'"),
  pii('kv_secret', 'passwd=⟦hunter2hunter2⟧ user=admin'),
  pii('kv_secret', 'login with pw: ⟦hunter2hunter2⟧'),
  pii('kv_secret', 'export DB_PASS=⟦Tr0ub4dor3⟧'),
  pii('kv_secret', 'wifi password: ⟦correct horse battery staple⟧'),
  pii('kv_secret', '{"card": "[card]", "cvv": "⟦737⟧", "exp": "03/30"}'),
  pii('kv_secret', 'cvc=⟦4417⟧&amount=1200'),
  pii('kv_secret', 'Your new PIN: ⟦482913⟧'),
  // Codes written with no space between: each is one.
  pii('kv_secret', 'pin: ⟦1234⟧pin: ⟦5678⟧'),
  // A token of figures long enough to guess at: a one-time code, a numeric key.
  pii('kv_secret', 'access_token=⟦4821⟧&user=7'),
  pii('kv_secret', 'verification token: ⟦739204⟧'),
  // JWTs.
  pii('jwt', `session cookie ⟦${JWT_HS256}⟧ expired`),
  pii('jwt', `{"id_token":"⟦${JWT_RS256}⟧"}`),
  pii('jwt', `Set-Cookie: auth=⟦${JWT_ES256}⟧; HttpOnly; Secure`),
  pii('jwt', `decoded ⟦${JWT_HS512}⟧ -> role admin`),
  pii('jwt', `GET /callback?token=⟦${JWT_EMAIL}⟧ 302`),
  pii('jwt', 'unsigned token ⟦eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbm9uIn0.⟧ rejected'),
  pii('jwt', `the agent echoed ⟦${JWT_HS256}⟧ back to the user`),
  // Bearer and other Authorization headers.
  pii('bearer', 'Authorization: Bearer ⟦uMkBrKLndfDSthdUQUltfcRGKUp_AryDeA3p87hs⟧'),
  pii('bearer', 'curl -H "Authorization: Bearer ⟦2tC26GTs9vst2ovVhOTD7VaaIi1vTjWLGGHb248CuRfqDqn4LhiM15bbI8ez⟧" https://api.example.com'),
  pii('bearer', `{"headers":{"Authorization":"Bearer ⟦${JWT_RS256}⟧"}}`),
  pii('bearer', 'authorization: bearer ⟦e825c6b5accdd1a1929404d8b8851ad7⟧'),
  pii('bearer', 'request failed with Bearer ⟦t0k3n.v2.XyZ_9981-abc⟧: 401'),
  pii('bearer', 'Authorization: Basic ⟦c3ZjLXJlcG9ydDpmVm16TlNXTjdkYXY=⟧'),
  pii('bearer', 'Proxy-Authorization: Basic ⟦YWRtaW46cHB5RnhnV2Z6Zg==⟧'),
  pii('bearer', 'Authorization: Token ⟦9f1c2e7a44b0d3e88c61f5a2b7d9e0c4⟧'),
  pii('bearer', 'header "Authorization: Bearer ⟦abcdefghijklmnopqrstuvwxyzABCD⟧"'),
  // PEM private keys, multi-line and JSON-escaped.
  pii('pem_key', `-----BEGIN RSA PRIVATE KEY-----\n⟦${PEM_BODY_A}⟧\n-----END RSA PRIVATE KEY-----`),
  pii('pem_key', `key file contents:\n-----BEGIN EC PRIVATE KEY-----\n⟦${PEM_BODY_B}⟧\n-----END EC PRIVATE KEY-----\nend of file`),
  pii('pem_key', `-----BEGIN OPENSSH PRIVATE KEY-----\n⟦${PEM_BODY_C}⟧\n-----END OPENSSH PRIVATE KEY-----\n`),
  pii('pem_key', `-----BEGIN ENCRYPTED PRIVATE KEY-----\n⟦${PEM_BODY_D}⟧\n-----END ENCRYPTED PRIVATE KEY-----`),
  pii('pem_key', `{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\\n⟦${PEM_BODY_B.replace(/\n/g, '\\n')}⟧\\n-----END PRIVATE KEY-----\\n","client_email":"svc@proj.iam.example.com"}`),
  pii('pem_key', `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n⟦${PEM_BODY_D}⟧\n-----END PGP PRIVATE KEY BLOCK-----`),
  pii('pem_key', `-----BEGIN DSA PRIVATE KEY-----\r\n⟦${PEM_BODY_A.replace(/\n/g, '\r\n')}⟧\r\n-----END DSA PRIVATE KEY-----`),
  pii('pem_key', `cat id_rsa (cut at 2 KB):\n-----BEGIN RSA PRIVATE KEY-----\n⟦${PEM_BODY_A}⟧`),
  // Credentials in URLs.
  pii('url_password', 'clone https://deploy:⟦Xk9-pass-2024⟧@git.example.com/team/repo.git'),
  pii('url_password', 'DATABASE_URL=postgres://app:⟦S3cretDbPw⟧@db.internal:5432/shop'),
  pii('url_password', 'mongodb+srv://svc_reader:⟦m0ng0Pw77⟧@cluster0.example.net/?retryWrites=true'),
  pii('url_password', 'cache at redis://:⟦r3disPassw0rd⟧@cache.internal:6379/0'),
  pii('url_password', 'broker amqp://guest:⟦rabbitPw9981⟧@rabbit.internal:5672/'),
  pii('url_password', 'ftp://anonymous:⟦guestpass77⟧@ftp.example.org/pub/file.zip'),
  pii('url_password', 'mysql://root:⟦p@ssw0rd99⟧@localhost:3306/app'),
  pii('url_password', 'smtp://mailer:⟦Pa%24%24w0rd42⟧@smtp.example.com:587'),
  pii('url_password', '{"DATABASE_URL":"postgresql://admin:⟦hunter2hunter2⟧@10.0.0.5/prod"}'),
  pii('url_password', 'proxy http://user:⟦proxyPw2024⟧@proxy.example.com:3128 refused the connection'),
];

/** Ids, numbers and prose that look like PII to a careless pattern and must survive as written. */
export const LOOK_ALIKES: readonly LookAlike[] = [
  ...[
    'I was charged twice for order 1234',
    'Order #4815162342 has shipped',
    'order ORD-2024-000123 and ref 2024-000123-4567',
    'Your order number is 112-7654321-9876543',
    'PO-99812-A is awaiting approval',
    'invoice INV-2024-03-000981 paid',
  ].map((text) => ({ kind: 'order number', text })),
  ...[
    'run 550e8400-e29b-41d4-a716-446655440000',
    'request_id=3f2b8c1e-9d4a-4e7b-8f6c-2a1d0e9b7c55',
    'session 00000000-0000-0000-0000-000000000000 closed',
  ].map((text) => ({ kind: 'uuid', text })),
  ...[
    'commit 2307960e357bbd0fa3d7e9c847d9a0eec09642bf',
    'fixed in 3f2a9c1 (short sha)',
    'merge base a9558c734fcdcc973e546b5fbfb24e4ef4215634',
  ].map((text) => ({ kind: 'git sha', text })),
  ...[
    'on 2024-01-15 and 2024-01-15T10:20:30.123Z',
    'started 2024-03-05 14:22:01+02:00',
    'Date: Mon, 15 Jan 2024 10:20:30 GMT',
    'timestamp 1712345678901',
    'epoch seconds 1712345678',
  ].map((text) => ({ kind: 'timestamp', text })),
  ...[
    'refund $40 of $1,234.56',
    'total € 1.234,56 incl. VAT',
    'ARR USD 12,345,678.90',
    '£49.99/month, billed yearly',
    'price 1 234 567 XOF',
  ].map((text) => ({ kind: 'price', text })),
  ...['ip 192.168.100.200 version 1.22.333', 'upgrade to v2.10.4-beta.3+build.2024', 'node 20.19.0 and npm 10.8.2'].map((text) => ({
    kind: 'semver',
    text,
  })),
  ...[
    'api.example.com answered 503',
    'https://example.com/path?q=1&page=2',
    'GET http://localhost:8080/health 200',
    's3://bucket-1/exports/2024/01/15/part-0001.json',
    'see https://docs.example.org/v2/errors#rate-limit',
    'email-ish user@localhost',
  ].map((text) => ({ kind: 'hostname or url', text })),
  ...['case refund-3 failed', 'CASE-000123 reopened', 'JIRA-4521 blocks release', 'incident INC0012345', 'ticket #48213'].map(
    (text) => ({ kind: 'case id', text }),
  ),
  ...[
    'not luhn 4111 1111 1111 1112',
    'ref 4814360213694234',
    'tracking 4848 2472 5583 3798',
    'batch 4678-2384-3967-0565',
    'id 4833927644801898 in the queue',
    'shipment 4694913145494779',
  ].map((text) => ({ kind: '16 digits, not Luhn', text })),
  ...[
    'trace 4bf92f3577b34da6a3ce929d0e0e4736',
    'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    'X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793',
    'span 00f067aa0ba902b7',
  ].map((text) => ({ kind: 'trace id', text })),
  ...['due 15/01/2024', 'Termin am 01.02.2024 um 10:30', 'Jan 15, 2024', 'call me at 12:30, qty 555'].map((text) => ({
    kind: 'date',
    text,
  })),
  ...['Chrome/120.0.6099.109 Safari/537.36', 'build 20240115.3', 'run 20261124-143205-123-3f9a'].map((text) => ({
    kind: 'version string',
    text,
  })),
  ...['ISBN 978-3-16-148410-0', 'ISBN-10 0-306-40615-2', 'ISSN 2049-3630'].map((text) => ({ kind: 'isbn', text })),
  ...[
    'input_tokens: 1234, max_tokens=4096',
    'Bearer of bad news',
    'a password reset link was sent',
    'arn:aws:iam::123456789012:role/Admin',
    'not an iban GB82 WEST 1234 5698 7654 33',
    'ssn-like 000-12-3456',
    'zip 94105-1234',
    'booking ref AB123456',
    'pod api-7d9f8b6c5-xk2lp restarted',
    'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'npm i @types/node@20.19.43',
    'mac 00:1B:44:11:3A:B7',
    'ipv6 2001:db8::8a2e:370:7334',
    'customer cus_NffrFeUfNV2Hib',
    'took 1234 ms, 98.7% cached',
    'Slack channel C024BE91L',
    'Kundennummer 0123456789',
    'ref 01234567 (zero-padded)',
    'UPC 036000291452',
    'Order ID: 0987654321',
    'EAN 4006381333931',
    'MongoDB ObjectId 507f1f77bcf86cd799439011',
    'iat 1700000000 exp 1800000000',
    'password_reset: true',
    'pass: true',
    '{"check": "outcome", "pass": false}',
    'pineapple: 3 left, passenger: 2 bags',
    'spin: 1200 rpm',
    'pin: 1.2.3 in the lockfile',
    // A name at a line's end has no value: the next line is not one.
    'password:\nthe next line is prose',
    'pin:\n1234 boxes shipped',
    'Pin: the order to the top',
    'the cvv: missing from the form',
    'the token_count was 5',
    'lat 51.5072178 lon -0.1275862',
    'elapsed 00:12:34.567',
    'account 12345678 sort code 20-00-00',
    // A status or a count after a token's name: no secret (1,000 values at most), an error an agent quotes.
    'wrongtoken: 401 {"error":"invalid_token"}',
    'refresh_token: 400 Bad Request',
    '{"api_key": 403, "detail": "forbidden"}',
    // Dotted numbers that are no card nor SSN, an @ before brackets that is no address, words of an IBAN's shape.
    'build 1.4111.1111.1111.1111 of 2024.01.15, version 1.22.333.4444',
    'released 123.45.6789.1 from 10.45.678.9',
    'decorator @[Injectable] and array@[0]',
    'ab12 cdef ghij klmn and ok12 test case here',
  ].map((text) => ({ kind: 'other id', text })),
];
