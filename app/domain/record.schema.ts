import { z } from "zod";
import { DB_INTEGER_MAX } from "./record.ts";

const STALE_FORM = "This form is out of date. Reload the page and try again.";

/**
 * The `version` a versioned form carries back: the record's version when the page was drawn. A whole number
 * a database integer can hold; anything else means the form was not drawn by the portal.
 */
export const versionField = z.coerce
  .number({ error: STALE_FORM })
  .int(STALE_FORM)
  .min(0, STALE_FORM)
  .max(DB_INTEGER_MAX, STALE_FORM);

/** A record chosen in a form by its id (a select, radios): a positive whole number; anything else is `message`. */
export const idField = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^[1-9][0-9]{0,8}$/, message)
    .transform(Number);
