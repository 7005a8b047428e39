// A role's area of the app: its path, who may enter, its layout, menu and routes (its
// messages, under its folder's name, are loaded by roles/messages.ts when someone enters it).
// Each role folder's index.tsx default-exports one, made with defineArea(); roles/index.ts
// lists them all and the shell builds the routes from that list.
import type { ComponentType, ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Role } from './operations';

interface NavItem {
  /** Relative to the area's path: '' is the area's home, 'orders' is `${path}/orders`. */
  to: string;
  /** A key in the area's namespace. */
  label: string;
  icon?: ReactNode;
}

export interface RoleArea {
  /** The role folder's name; also its i18n namespace (its messages.ts must hold a `title`). */
  id: string;
  /** Where the area is mounted, e.g. '/m'. */
  path: string;
  /** Who may enter; the first area listing a role is that role's home. */
  roles: readonly Role[];
  /** 'mobile': one column, big type, a tab bar; 'console': a sidebar. */
  layout: 'mobile' | 'console';
  /** Base font size in px (mobile areas; the recipient's is large). */
  baseFontSize?: number;
  /** Sidebar (console) or tab bar (mobile, shown when there are two or more). */
  nav: NavItem[];
  /**
   * Other areas whose pages or parts this one shows (the township the admin's registry): their
   * messages load with this area's. web/areas.test.ts fails when one is missing.
   */
  borrows?: string[];
  /** Child routes under `path`: `{ index: true, lazy: page(() => import('./HomePage')) }`, `{ path: 'orders/:id', lazy: ... }`. */
  routes: RouteObject[];
  /**
   * Mobile areas: what the header shows on its right instead of the language switch and the
   * sign-out button, for an area that has its own page for them (the recipient's 我的).
   */
  header?: ReactNode;
  /**
   * Shown in place of the sign-in form when this area is opened after the server ended the last
   * session by itself (it expired, or was revoked elsewhere), until someone signs in again: a
   * lazily loaded page that says so in plain words.
   */
  sessionEnded?: ComponentType;
}

/** Declares an area (web/e2e/areas.ts reads these calls to find every page). */
export function defineArea(area: RoleArea): RoleArea {
  return area;
}

/** A lazily loaded page for a route: its module default-exports the component. */
export function page(load: () => Promise<{ default: ComponentType }>): RouteObject['lazy'] {
  return async () => ({ Component: (await load()).default });
}
