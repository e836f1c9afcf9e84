import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { PageErrorsContext } from "./components/page-errors.ts";

// Whether the server drew this page with a refused form, read back from the title it wrote (ADR 25), so the
// first render here matches the HTML; from then on the page's error summaries say.
const drawnRefused = document.title.startsWith("Error: ");

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <PageErrorsContext.Provider value={drawnRefused}>
        <RemixBrowser />
      </PageErrorsContext.Provider>
    </StrictMode>,
  );
});
