import { AUTH_AREA } from "../auth/auth.routes.ts";
import type { Area } from "./access/area-routes.ts";
import { FEEDBACK_AREA } from "./feedback/feedback.routes.ts";
import { FUNDING_AREA } from "./funding/funding.routes.ts";
import { GUIDANCE_AREA } from "./guidance/guidance.routes.ts";
import { HOME_AREA } from "./home/home.routes.ts";
import { NOTIFICATIONS_AREA } from "./notifications/notifications.routes.ts";
import { PROVISION_AREA } from "./provision/provision.routes.ts";
import { PUPILS_AREA } from "./pupils/pupils.routes.ts";
import { SCHOOLS_AREA } from "./schools/schools.routes.ts";
import { STLS_AREA } from "./stls/stls.routes.ts";
import { TRAINING_AREA } from "./training/training.routes.ts";
import { ACCOUNT_AREA } from "./users/account.routes.ts";
import { ADMIN_AREA } from "./users/admin.routes.ts";
import { CHAMPIONS_AREA } from "./champions/champions.routes.ts";
import { SUBJECT_ACCESS_AREA } from "./subject-access/subject-access.routes.ts";
import { INSIGHT_AREA } from "./insight/insight.routes.ts";

/** Every area of the portal, each with its pages and their access rules (ADR 20). A new area is added here. */
export const AREAS: Area[] = [AUTH_AREA, HOME_AREA, ACCOUNT_AREA, SCHOOLS_AREA, ADMIN_AREA, FUNDING_AREA, PUPILS_AREA, NOTIFICATIONS_AREA, FEEDBACK_AREA, TRAINING_AREA, STLS_AREA, CHAMPIONS_AREA, PROVISION_AREA, GUIDANCE_AREA, SUBJECT_ACCESS_AREA, INSIGHT_AREA];
