import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { TrainingCourseFields, courseFieldIds } from "~/components/training-course-fields.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { courseSchema } from "~/domain/training/catalogue.schema.ts";
import { courseNeedAreas, createCourse, programmeOptions } from "~/domain/training/catalogue.server.ts";

export const handle = { title: "Add a course" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context, "training:manage");
  const [programmes, needAreas] = await orUnavailable(() => Promise.all([programmeOptions(context.db), courseNeedAreas(context.db)]));
  const programme = new URL(request.url).searchParams.get("programme") ?? "";
  return { programmes, needAreas, programme };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "training:manage",
      schema: courseSchema,
      run: (actor, value) => createCourse(context.db, actor, value, context.requestId),
      done: () => "/council/training?done=course-added",
    },
  );
}

export default function NewCourse() {
  const { programmes, needAreas, programme } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof courseSchema>>({ id: "new-course", lastResult, defaultValue: { programmeId: programme }, shouldValidate: "onSubmit" });
  const errors = errorItems(form.allErrors, courseFieldIds(fields), "title");
  return (
    <div className="max-w-3xl">
      <BackLink href="/council/training">Back to the training catalogue</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Training catalogue">Add a course</PageHeading>
      <PortalForm {...getFormProps(form)}>
        <TrainingCourseFields fields={fields} programmes={programmes} needAreas={needAreas} />
        <Button>Add course</Button>
      </PortalForm>
    </div>
  );
}
