import type { AnchorHTMLAttributes, MouseEvent } from "react";

/**
 * A link to somewhere on the same page (the skip link, an error summary's link to its field). Without JavaScript
 * it is a plain fragment link. With JavaScript it moves focus itself and leaves the address alone, as GOV.UK
 * Frontend's error summary does: a fragment change is a navigation to Remix, and a navigation drops the action's
 * reply, so following "Amount requested must be £200,000 or less" cleared the error summary, and the form showed
 * the saved answers in place of the ones typed.
 */
export function InPageLink({ targetId, onClick, children, ...props }: { targetId: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = document.getElementById(targetId);
    if (!target) return;
    event.preventDefault();
    // The question comes into view, not just its box, as GOV.UK Frontend does: the legend of the box's fieldset
    // (a date's Day box, a radio) when the label fits on screen below it, otherwise the box's own label.
    const label = document.querySelector(`label[for="${CSS.escape(targetId)}"]`);
    const legend = target.closest("fieldset")?.querySelector("legend");
    const fits = legend && (!label || label.getBoundingClientRect().bottom - legend.getBoundingClientRect().top < window.innerHeight);
    (fits ? legend : (label ?? target)).scrollIntoView({ block: "start" });
    if (!target.hasAttribute("tabindex") && target.tabIndex < 0) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  };
  return (
    <a href={`#${targetId}`} onClick={follow} {...props}>
      {children}
    </a>
  );
}
