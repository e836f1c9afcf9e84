import { useFetcher, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { CsrfField } from "./ui/portal-form.tsx";
import { formatTime } from "./format.ts";

const WARN_BEFORE_MS = 5 * 60 * 1000;

/**
 * Warns 5 minutes before the session ends, with one action to stay signed in (QUALITY.md). The deadline
 * comes from the server (idle 30 minutes, absolute 12 hours); each page load or "Stay signed in" moves it.
 * Without JavaScript the header says when the session ends instead.
 */
export function SessionTimeout({ endsAt }: { endsAt: string }) {
  const fetcher = useFetcher();
  const revalidator = useRevalidator();
  const [now, setNow] = useState<number | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const end = new Date(endsAt).getTime();

  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 15_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [endsAt]);

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) revalidator.revalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);

  const showing = now !== null && end - now <= WARN_BEFORE_MS;
  useEffect(() => {
    if (showing) headingRef.current?.focus();
  }, [showing]);

  useEffect(() => {
    if (now !== null && now >= end) window.location.assign("/login?ended=1");
  }, [now, end]);

  if (!showing) return null;
  return (
    <div
      role="alertdialog"
      aria-labelledby="timeout-title"
      aria-describedby="timeout-text"
      className="fixed inset-x-0 bottom-0 z-50 border-t-[5px] border-brand bg-white p-4 shadow-[0_-4px_12px_rgba(0,0,0,0.2)]"
    >
      <div className="mx-auto max-w-5xl">
        <h2 id="timeout-title" ref={headingRef} tabIndex={-1} className="mb-2 text-2xl font-bold">
          You will be signed out soon
        </h2>
        <p id="timeout-text" className="mb-4">
          To protect children&apos;s information, you will be signed out at {formatTime(new Date(end))} if you do nothing.
          Anything you have not saved will be lost.
        </p>
        <div className="flex flex-wrap items-center gap-6">
          <fetcher.Form method="post" action="/session/extend">
            <CsrfField />
            <button
              type="submit"
              className="cursor-pointer border-2 border-transparent bg-success px-3 py-2 text-lg text-white shadow-[0_2px_0_#002d18]"
            >
              Stay signed in
            </button>
          </fetcher.Form>
          <form method="post" action="/logout">
            <CsrfField />
            <button type="submit" className="cursor-pointer text-link underline">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </div>
  );
}
