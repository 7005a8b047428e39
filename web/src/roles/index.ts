// Every role's area, in the order their paths are matched. A role's home is the first area
// that lists it. Each area lives in its own folder; adding pages never touches this file.
import type { RoleArea } from '../app/areas';
import type { Role } from '../app/operations';
import recipient from './recipient';
import grid from './grid';
import carer from './carer';
import hotline from './hotline';
import dispatch from './dispatch';
import admin from './admin';
import township from './township';
import evaluation from './evaluation';
import finance from './finance';

export const areas: RoleArea[] = [recipient, grid, carer, hotline, dispatch, admin, township, evaluation, finance];

/** The path of a role's home. */
export function homePath(role: Role): string {
  return areas.find((a) => a.roles.includes(role))?.path ?? '/sign-in';
}

/** The area a path belongs to, if any. */
export function areaFor(pathname: string): RoleArea | undefined {
  return areas.find((a) => pathname === a.path || pathname.startsWith(`${a.path}/`));
}
