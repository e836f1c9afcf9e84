import { createContext, useContext } from "react";

/**
 * This response's CSP nonce, for the scripts the document writes itself. Provided by entry.server.tsx around
 * the whole render, so every page has it, the error pages included (a 404 for an unknown address runs no
 * loader). In the browser it is empty: the scripts are already in the page.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
