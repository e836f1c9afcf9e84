import { z } from "zod";
import { idField, versionField } from "../record.schema.ts";

/** Client-safe schemas for keeping LIFT groups and link teachers (ADR 43). */

const groupName = z
  .string({ error: "Enter the group's name" })
  .trim()
  .min(1, "Enter the group's name")
  .max(120, "The group's name must be 120 characters or fewer");

export const addGroupSchema = z.object({ intent: z.literal("add"), districtId: idField("Select the district"), name: groupName });
export const renameGroupSchema = z.object({ intent: z.literal("rename"), groupId: idField("Select the group"), version: versionField, name: groupName });
export const moveSchoolSchema = z.object({ intent: z.literal("move"), schoolId: idField("Select the school"), groupId: idField("Select the group the school is served by") });


export const linkTeacherSchema = z.object({
  schoolId: idField("Select the school"),
  teacherUserId: idField("Select the school's link teacher from the district's STLS teachers"),
});
