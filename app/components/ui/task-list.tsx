import { Tag } from "./tag.tsx";

/** Where a task stands, in the GOV.UK task list's words. */
export type TaskStatus = "not_started" | "in_progress" | "completed";

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  completed: "Completed",
};

export interface Task {
  /** Stable id for the row (and its status's id). */
  key: string;
  name: string;
  /** The task's own page. */
  href: string;
  hint?: string;
  status: TaskStatus;
}

export interface TaskSection {
  heading: string;
  tasks: Task[];
}

/**
 * The GOV.UK task list: numbered sections of tasks, each task a link to its own page with its status beside it
 * (Completed in plain text; Not started and In progress as tags, since they still need doing). The link is
 * described by its status, so a screen reader hears "Pupil and needs, In progress". Works without JavaScript.
 */
export function TaskList({ sections, idPrefix = "task" }: { sections: TaskSection[]; idPrefix?: string }) {
  return (
    <ol className="mb-8">
      {sections.map((section, s) => (
        <li key={section.heading} className="mb-8">
          <h2 className="mb-2 text-2xl font-bold">
            {sections.length > 1 ? `${s + 1}. ` : ""}
            {section.heading}
          </h2>
          <ul className="border-t border-border">
            {section.tasks.map((task) => {
              const statusId = `${idPrefix}-${task.key}-status`;
              const hintId = task.hint ? `${idPrefix}-${task.key}-hint` : null;
              return (
                <li key={task.key} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 border-b border-border py-3">
                  <div className="min-w-0 break-words">
                    <a href={task.href} aria-describedby={[hintId, statusId].filter(Boolean).join(" ")}>
                      {task.name}
                    </a>
                    {task.hint ? (
                      <div id={hintId!} className="text-secondary-ink">
                        {task.hint}
                      </div>
                    ) : null}
                  </div>
                  <div id={statusId}>
                    {task.status === "completed" ? (
                      TASK_STATUS_LABELS.completed
                    ) : (
                      <Tag colour={task.status === "in_progress" ? "blue" : "grey"}>{TASK_STATUS_LABELS[task.status]}</Tag>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/** "You have completed 2 of 4 sections.": said above the list, as the Design System does. */
export function taskListProgress(sections: TaskSection[]): string {
  const tasks = sections.flatMap((s) => s.tasks);
  const done = tasks.filter((t) => t.status === "completed").length;
  return `You have completed ${done} of ${tasks.length} ${tasks.length === 1 ? "task" : "tasks"}.`;
}
