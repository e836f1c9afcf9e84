import type { ToDoGroup } from "~/domain/home/home.server.ts";

/**
 * The home page's first section: what waits for the person, grouped by what they must do, each item's
 * action a link straight to the page that does it. Nothing waiting is said in words, never left blank.
 */
export function ToDoList({ groups }: { groups: ToDoGroup[] }) {
  const waiting = groups.filter((g) => g.total > 0);
  return (
    <section aria-labelledby="to-do-heading" className="mb-10">
      <h2 id="to-do-heading" className="mb-4 mt-2 text-2xl font-bold">
        Waiting for you
      </h2>
      {waiting.length === 0 ? (
        <p className="mb-4">Nothing is waiting for you.</p>
      ) : (
        waiting.map((group) => (
          <div key={group.key} className="mb-6">
            <h3 className="mb-2 text-xl font-bold">
              {group.heading} <span className="font-normal">{`(${group.total})`}</span>
            </h3>
            <ul className="border-t border-[#b1b4b6]">
              {group.items.map((item) => (
                <li key={item.href} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 border-b border-[#b1b4b6] py-3">
                  <span className="min-w-0 break-words">
                    <a href={item.href} className="font-bold">
                      {item.action}
                    </a>
                    <span className="block text-secondary-ink">{item.about}</span>
                  </span>
                  <span className="text-secondary-ink">{item.detail}</span>
                </li>
              ))}
            </ul>
            {group.total > group.items.length ? (
              <p className="mt-2">
                <a href={group.allHref}>
                  {`See all ${group.total}: ${group.heading.toLowerCase()}`}
                </a>
              </p>
            ) : null}
          </div>
        ))
      )}
    </section>
  );
}
