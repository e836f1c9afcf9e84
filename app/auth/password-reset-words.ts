/** What a reset link that no longer works says (the page, and a POST from it). Zod-free: the page imports it. */
export const RESET_LINK_ENDED = "This link has expired or has already been used. Ask for a new one.";
