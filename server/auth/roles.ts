/** The nine roles of DOMAIN.md, as stored (GraphQL enum values are these upper-cased). */
export const roles = ['recipient', 'hotline_operator', 'grid_worker', 'township_staff', 'county_admin', 'dispatcher', 'carer', 'evaluator', 'finance'] as const;
export type Role = (typeof roles)[number];

/** Who is asking, and the scope their role is checked against. */
export interface Viewer {
  userId: number;
  sessionId: number;
  /** When the session ends by itself: a socket opened with it is closed then. */
  sessionExpiresAt: Date;
  role: Role;
  recipientId: number | null;
  /** A dispatcher's organisation, or a carer's employer. */
  organisationId: number | null;
  carerId: number | null;
  townshipId: number | null;
  /** A grid worker's villages. */
  villageIds: number[];
}
