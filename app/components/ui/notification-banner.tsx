import { useId, type ReactNode } from "react";

/** GOV.UK notification banner: information (blue) or success (green). */
export function NotificationBanner({ title = "Important", kind = "info", children }: { title?: string; kind?: "info" | "success"; children: ReactNode }) {
  const colour = kind === "success" ? "border-success bg-success" : "border-link bg-link";
  // Unique per banner: a page can show two (the sign-in page's "secure connection" and "session ended").
  const titleId = useId();
  return (
    <div className={`mb-8 border-[5px] ${colour}`} role={kind === "success" ? "alert" : "region"} aria-labelledby={titleId}>
      <h2 id={titleId} className="px-4 py-1 text-base font-bold text-white">
        {title}
      </h2>
      <div className="bg-white p-4 font-bold">{children}</div>
    </div>
  );
}
