// A role's area of the app: its path, who may enter, its layout, menu, routes and messages.
// Each role folder's index.tsx default-exports one, made with defineArea(); roles/index.ts
// lists them all and the shell builds the routes from that list.
import type { ComponentType, ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { registerMessages, type Messages } from './i18n';
import type { Role } from './operations';

interface NavItem {
  /** Relative to the area's path: '' is the area's home, 'orders' is `${path}/orders`. */
  to: string;
  /** A key in the area's namespace. */
  label: string;
  icon?: ReactNode;
}

export interface RoleArea {
  /** The role folder's name; also its i18n namespace. */
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
  /** Child routes under `path`: `{ index: true, lazy: page(() => import('./HomePage')) }`, `{ path: 'orders/:id', lazy: ... }`. */
  routes: RouteObject[];
  /** The area's messages: { zh, en }, registered as namespace `id`. Must hold a `title`. */
  messages: Messages;
}

/** Declares an area and registers its messages. */
export function defineArea(area: RoleArea): RoleArea {
  registerMessages(area.id, area.messages);
  return area;
}

/** A lazily loaded page for a route: its module default-exports the component. */
export function page(load: () => Promise<{ default: ComponentType }>): RouteObject['lazy'] {
  return async () => ({ Component: (await load()).default });
}
