/**
 * What a name says of the value after it, for redaction: an object key's (redact-deep.ts: a secret's, a phone's, an SSN's or a bank account's, an id's or a
 * time's, a measure's) and a key written in text before a run of digits (phone.ts: an id's, `"order_id": 8002239497`).
 */

/**
 * An id's or a time's key right before a bare run of digits, in JSON text or an assignment (`"order_id": `, `"orderId":"`, `user_id=`,
 * `"ts": `): the run is that id, not a North American number, however its digits fall (a third of 10-digit ids are of its plan).
 * Not a word it ends (`paid: `); a phone's label before the number wins (`"phone": `).
 */
const ID_KEY_NAMES = 'id|ids|uuid|ref|seq|ts|timestamp|epoch|nonce';
/** The same names capitalised, ending a camel-case key (`orderId`, `createdTs`). */
const CAMEL_ID_KEY_NAMES = 'Id|Ids|Ref|Seq|Ts|Timestamp';
/** Not after a name whose id is the number itself (`wa_id`, WhatsApp's of a contact; `caller_id`, `callerId`): before ID_KEY's names. */
const NOT_A_NUMBERS_ID = String.raw`(?<!(?:^|[^a-zA-Z0-9])(?:[wW]a|[cC]aller|[wW]hats[aA]pp)[_ -]?)`;
const ID_KEY = new RegExp(String.raw`(?:^|[^a-z0-9])${NOT_A_NUMBERS_ID}(?:${ID_KEY_NAMES})(?:\\*["'])?[ \t]*[:=][ \t]*(?:\\*["'])?$`, 'i');
const CAMEL_ID_KEY = new RegExp(String.raw`\p{Ll}${NOT_A_NUMBERS_ID}(?:${CAMEL_ID_KEY_NAMES})(?:\\*["'])?[ \t]*[:=][ \t]*(?:\\*["'])?$`, 'u');

// Returns whether an id's key (`ID_KEY`, `CAMEL_ID_KEY`) ends where `start` is in `text`.
export function idKeyedAt(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 32), start);
  return ID_KEY.test(before) || CAMEL_ID_KEY.test(before);
}

/**
 * Object keys whose whole value is a secret, whatever it looks like: `{ "password": "hunter2" }`; the secret's own name ends
 * the key, after a longer name's `_` or `-` (`db_password`), or, camel-cased, its capital (`dbPassword`, `sessionToken`,
 * `SecretAccessKey`: `namesSecret` reads those with an underscore before each capital). AWS Secrets Manager's
 * `SecretString` and `SecretBinary` hold the secret itself. The text rule's names (secret-rules.ts) are all here: `secret_key`
 * (Django's `SECRET_KEY`, `awsSecretKey`) and `account_key` (an Azure storage account's) too.
 */
const SECRET_KEY =
  /^(?:.*[_-])?(?:api[_-]?key|apikey|access[_-]?key|account[_-]?key|secret|secret[_-]?(?:key|string|binary|value)|client[_-]?secret|password|passwd|pwd|pw|passphrase|token|access[_-]?token|auth[_-]?token|refresh[_-]?token|authorization|cookie|private[_-]?key|cvv2?|cvc2?|pin(?:[_-]?code)?)$/i;
/**
 * `pass` only at the end of a longer name and after its `_` or `-` (`db_pass`, `smtp-pass`), as the text rule reads it: a bare
 * `pass` is a test's result, and camel-cased it ends counts and flags as often (`numPass: 12`, `canPass`, `firstPass`, `boardingPass`).
 */
const PASS_KEY = /^.+[_-]pass$/i;

/**
 * Object keys whose value is a phone number (`phone`, `phone_number`, `Tel.`, `mobileNo`, `phones`; `customerPhone`: `CAMEL_PHONE_KEY`;
 * an id that is the number, `wa_id`, WhatsApp's of a contact, `caller_id`, `callerId`, not an id's key):
 * their value is read as the text `phone: <value>` is, so that a national number written ungrouped (`0612345678`), which alone
 * is more often a zero-padded id, is one (phone.ts `PHONE_LABEL`). Not a word a name ends (`hotel`), nor one it starts (`cellular`).
 */
const PHONE_KEY = /(?:^|[^a-z])(?:phone|telephone|tel|mobile|mob|cell|cellphone|fax|whatsapp|msisdn|telefon|telefono|handy)s?\.?(?:[_ -]?(?:numbers?|num|no|nr))?\.?$|(?:^|[^a-z])(?:wa|caller|whatsapp)[_ -]?id$/i;
const CAMEL_PHONE_KEY = /\p{Ll}(?:Phone|Tel|Telephone|Mobile|Cell|CellPhone|Fax)s?(?:Numbers?|Num|No|Nr)?$/u;
/**
 * Object keys whose value is a US Social Security number (`ssn`, `customer_ssn`, `social_security_number`, `socialSecurityNo`;
 * `customerSsn`) or a bank account number (`account_number`, `bankAccount`, `acct_no`): their value is read as the text after
 * that name is (`ssn: <value>`, `account number: <value>`), so that bare digits, which alone are more often an id, are one (redact.ts).
 */
const SSN_KEY = /(?:^|[^a-z])(?:ssn|social[_ -]?security)(?:[_ -]?(?:number|num|no|nr))?$/i;
const CAMEL_SSN_KEY = /\p{Ll}(?:Ssn|SSN)(?:Number|Num|No|Nr)?$/u;
const PASSPORT_KEY = /(?:^|[^a-z])passport(?:[_ -]?(?:number|num|no|nr))?$/i;
const CAMEL_PASSPORT_KEY = /\p{Ll}Passport(?:Number|Num|No|Nr)?$/u;
const NATIONAL_ID_KEY = /(?:^|[^a-z])national[_ -]?id(?:entity)?(?:[_ -]?(?:card|number|num|no|nr))?$/i;
const CAMEL_NATIONAL_ID_KEY = /\p{Ll}NationalId(?:entity)?(?:Card|Number|Num|No|Nr)?$/u;
const ACCOUNT_KEY = /(?:^|[^a-z])(?:(?:bank[_ -]?)?account[_ -]?(?:number|num|no|nr)|bank[_ -]?account|acct(?:[_ -]?(?:number|num|no|nr))?|kontonummer)$/i;
const CAMEL_ACCOUNT_KEY = /\p{Ll}(?:Account(?:Number|Num|No|Nr)|BankAccount|Acct(?:Number|Num|No|Nr)?)$/u;
/**
 * Object keys whose value is an id or a time (`id`, `order_id`, `orderId`, `ids`, `ts`): a value of bare digits that reads as a
 * North American number whole (`8002239497`) is kept, as phone.ts keeps it after such a key in JSON text (`ID_KEY`): redact-values.ts `redactAsId`.
 */
const OBJECT_ID_KEY = new RegExp(`(?:^|[^a-z0-9])(?:${ID_KEY_NAMES})$`, 'i');
const CAMEL_OBJECT_ID_KEY = new RegExp(`\\p{Ll}(?:${CAMEL_ID_KEY_NAMES})$`, 'u');

/** Keys of a count of tokens, milliseconds or USD (`input_tokens`): numbers to results.jsonl's reader, an agent's reported ones too: not redact-values.ts `redactNumber`'s. */
const MEASURE_KEY = /(?:^|_)(?:tokens|ms|usd)$/;

/**
 * Keys, inside an object under a secret's name, of what is said about the secret rather than the secret itself (`{"secret":
 * {"name": "DEPLOY_KEY", "version": 3, "value": "…"}}`): their values are redacted as anywhere; every other string or number there
 * is the secret's (`value`, `data`, `plaintext`, `key`…).
 */
const SECRET_METADATA_KEY = /^(?:name|id|type|kind|version|description|label|scopes?|alg|algorithm|format|encoding|length|status|ttl|token_type|(?:created|updated|expires|rotated)(?:_at|_in|At|In)?|expiry|expiration)$/i;

/** Whether an object key, inside an object under a secret's name, says something about the secret, not what it is (`SECRET_METADATA_KEY`). */
export function namesSecretMetadata(key: string): boolean {
  return SECRET_METADATA_KEY.test(key);
}

/**
 * What is before a `token` that names no credential: an API's page cursor (`page_token`, `nextPageToken`, AWS's `NextToken`,
 * `continuation_token`), its sync cursor (Google's `syncToken` and `nextSyncToken`, Microsoft Graph's `deltaToken` and
 * `skipToken`), or a tokenizer's special token (`eos_token: "</s>"`, `bosToken`, `pad_token`, `unk_token`, `sep_token`,
 * `cls_token`, `mask_token`, tiktoken's `eot_token`: a model's vocabulary). The sync cursors' and the tokenizer's words only
 * alone before it (after `next` for a sync cursor) or after a character that joins no words (`tokenizer.eos_token`,
 * `"eos_token"`, `?sync_token=`): after a longer word, camel-cased or joined by `_` or `-` (`userSyncToken`,
 * `github_sync_token`, `default-eos-token`), the name may be a credential's, and is redacted, a leak being worse than an
 * over-redaction. Written in an environment variable's capitals (`FB_PAGE_TOKEN=`, `PAGE_TOKEN`, `SYNC_TOKEN`), the name is a
 * setting's: a Messenger Page's access token, a sync service's, a secret. The text rule (secret-rules.ts) reads it too.
 */
export const NO_CREDENTIAL_BEFORE_TOKEN = /(?:(?:page|next|continuation)[_-]?|(?:^|[^a-z\d_-]|next[_-]?)(?:sync|delta|skip)[_-]?|(?:^|[^a-z\d_-])(?:eos|bos|pad|unk|sep|cls|mask|eot)[_-]?)$/i;
/**
 * A `pin` that is a place's or a board's, not a secret's: a map's marker (`mapPin`, `location_pin`, `geoPin`, `dropPin`) or
 * a microcontroller's (`gpioPin`, `led_pin`). Only these words, and as `NO_CREDENTIAL_BEFORE_TOKEN`'s not after a longer word
 * (`card_geo_pin` is redacted): any other name ending in
 * `pin` is a PIN's (`pin`, `card_pin`, `cardPin`, `userPin`, `atmPin`), and capitals a setting's (`MAP_PIN`).
 */
const NO_SECRET_PIN = /(?:^|[^a-z\d_-])(?:map|location|geo|drop|gpio|led)[_-]?pin$/i;

/**
 * Whether an object key's value is a secret whatever it looks like (`SECRET_KEY`), its camel-cased words read as separated
 * ones; a cursor's, a tokenizer's token's or a map's pin's key is none (`NO_CREDENTIAL_BEFORE_TOKEN`, `NO_SECRET_PIN`), unless in capitals.
 */
export function namesSecret(key: string): boolean {
  if (/token$/i.test(key) && !key.endsWith('TOKEN') && NO_CREDENTIAL_BEFORE_TOKEN.test(key.slice(0, -'token'.length))) return false;
  if (NO_SECRET_PIN.test(key) && !key.endsWith('PIN')) return false;
  return SECRET_KEY.test(key) || PASS_KEY.test(key) || (/\p{Lu}/u.test(key) && SECRET_KEY.test(key.replace(/([\p{Ll}\d])(?=\p{Lu})/gu, '$1_')));
}

/** Whether an object key's value is a phone number (`PHONE_KEY`, `CAMEL_PHONE_KEY`). */
export function namesPhone(key: string): boolean {
  return PHONE_KEY.test(key) || CAMEL_PHONE_KEY.test(key);
}

/** The text an object key's value is read after, when the key names an SSN, a passport or national id number or a bank account number (`SSN_KEY`, `PASSPORT_KEY`, `NATIONAL_ID_KEY`, `ACCOUNT_KEY`); else undefined. */
export function labelOfKey(key: string): string | undefined {
  if (SSN_KEY.test(key) || CAMEL_SSN_KEY.test(key)) return 'ssn: ';
  if (PASSPORT_KEY.test(key) || CAMEL_PASSPORT_KEY.test(key)) return 'passport number: ';
  if (NATIONAL_ID_KEY.test(key) || CAMEL_NATIONAL_ID_KEY.test(key)) return 'national id: ';
  return ACCOUNT_KEY.test(key) || CAMEL_ACCOUNT_KEY.test(key) ? 'account number: ' : undefined;
}

/** Whether an object key's value is an id or a time (`OBJECT_ID_KEY`, `CAMEL_OBJECT_ID_KEY`). */
export function namesId(key: string): boolean {
  return OBJECT_ID_KEY.test(key) || CAMEL_OBJECT_ID_KEY.test(key);
}

/** Whether a number under an object key is a measure (`MEASURE_KEY`). */
export function namesMeasure(key: string): boolean {
  return MEASURE_KEY.test(key);
}
