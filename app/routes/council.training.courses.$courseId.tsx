import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { TrainingCourseFields, courseFieldIds } from "~/components/training-course-fields.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { changeCourseSchema } from "~/domain/training/catalogue.schema.ts";
import { changeCourse, courseNeedAreas, getCourse, programmeOptions } from "~/domain/training/catalogue.server.ts";

export const handle = { title: (data: unknown) => (data as { course?: { title: string } } | undefined)?.course?.title ?? "Course" };

export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:manage");
  const [course, programmes, needAreas] = await orUnavailable(() =>
    Promise.all([getCourse(context.db, actor, idParam(params.courseId)), programmeOptions(context.db), courseNeedAreas(context.db)]),
  );
  return { course, programmes, needAreas };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "training:manage");
  const id = idParam(params.courseId);
  return formAction(
    { request, context },
    {
      permission: "training:manage",
      schema: changeCourseSchema,
      run: (actor, value) => changeCourse(context.db, actor, id, value, context.requestId),
      done: () => "/council/training?done=course-changed",
    },
  );
}

export default function CoursePage() {
  const { course, programmes, needAreas } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(course.version, lastResult);
  const [form, fields] = useForm<z.input<typeof changeCourseSchema>>({
    id: `course-${formVersion}`,
    lastResult,
    defaultValue: { programmeId: String(course.programme_id), title: course.title, audience: course.audience, description: course.description, needAreas: course.needAreas },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, courseFieldIds(fields), "title");
  return (
    <div className="max-w-3xl">
      <BackLink href="/council/training">Back to the training catalogue</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Training catalogue">{course.title}</PageHeading>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={course.version} />
        <TrainingCourseFields fields={fields} programmes={programmes} needAreas={needAreas} />
        <Button>Save changes</Button>
      </PortalForm>
      <p>
        <a href={`/council/training/events/new?course=${course.id}`}>Add an event of this course</a>
      </p>
    </div>
  );
}
