import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConfirmationPanel } from "./confirmation-panel.tsx";
import { TaskList, taskListProgress, type TaskSection } from "./task-list.tsx";

const SECTIONS: TaskSection[] = [
  {
    heading: "About the pupil",
    tasks: [
      { key: "pupil", name: "Pupil and needs", href: "/funding/HNF-2026-00001/pupil", status: "completed" },
      { key: "plan", name: "Costed provision plan", href: "/funding/HNF-2026-00001/plan", hint: "What the money pays for", status: "in_progress" },
    ],
  },
  { heading: "Evidence", tasks: [{ key: "evidence", name: "Evidence checklist", href: "/funding/HNF-2026-00001/evidence", status: "not_started" }] },
];

describe("the task list", () => {
  const html = renderToStaticMarkup(createElement(TaskList, { sections: SECTIONS }));

  it("numbers its sections and links each task to its own page", () => {
    const headings = [...html.matchAll(/<h2[^>]*>(.*?)<\/h2>/g)].map((m) => m[1]!.replace(/<!-- -->/g, ""));
    expect(headings).toEqual(["1. About the pupil", "2. Evidence"]);
    for (const task of SECTIONS.flatMap((s) => s.tasks)) expect(html).toContain(`href="${task.href}"`);
  });

  it("shows each status in the Design System's words, completed in plain text, the rest as tags", () => {
    expect(html).toMatch(/<div id="task-pupil-status">Completed<\/div>/);
    expect(html).toMatch(/<div id="task-plan-status"><strong[^>]*>In progress<\/strong><\/div>/);
    expect(html).toMatch(/<div id="task-evidence-status"><strong[^>]*>Not started<\/strong><\/div>/);
  });

  it("describes each link by its hint and status, so a screen reader hears where it stands", () => {
    expect(html).toContain('href="/funding/HNF-2026-00001/plan" aria-describedby="task-plan-hint task-plan-status"');
    expect(html).toContain('href="/funding/HNF-2026-00001/pupil" aria-describedby="task-pupil-status"');
  });

  it("says how much is done", () => {
    expect(taskListProgress(SECTIONS)).toBe("You have completed 1 of 3 tasks.");
  });
});

describe("the confirmation panel", () => {
  it("puts the title in the page's h1 with the reference, then what happens next", () => {
    const html = renderToStaticMarkup(
      createElement(ConfirmationPanel, { title: "Request sent", reference: "HNF-2026-00042", next: createElement("p", null, "The council decides within 20 school days.") }),
    );
    expect(html).toMatch(/<h1[^>]*>Request sent<\/h1>/);
    expect(html).toContain("Your reference<br/><strong>HNF-2026-00042</strong>");
    expect(html.indexOf("What happens next")).toBeGreaterThan(html.indexOf("HNF-2026-00042"));
    expect(html).toContain("<p>The council decides within 20 school days.</p>");
  });
});
