/**
 * Request validation. Bodies are checked strictly: a JSON string "100" is not the integer
 * 100 (an amount sent as a string is a client bug, answered with 400). Query strings and
 * path parameters are text by nature and are coerced to the declared types.
 */
import { Ajv, type Options } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { Http } from '../types';

function makeAjv(coerce: boolean) {
  const opts: Options = { coerceTypes: coerce ? 'array' : false, useDefaults: true, removeAdditional: false, allErrors: false, strict: false };
  const ajv = new Ajv(opts);
  // ajv-formats is CommonJS: its default import is the plugin function itself.
  (ajvFormats as unknown as (a: Ajv) => Ajv)(ajv);
  return ajv;
}

export function registerValidation(app: Http): void {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema)));
}
