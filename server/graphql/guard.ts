// Deny by default: a root field (query, mutation, subscription) only runs when wrapped in
// guard(), which names who may call it; the app refuses to start if a root field is not.
// Scope (which rows) is checked by the domain functions the resolver calls. A mutation runs
// on behalf of its caller (actingAs), so the audit trail records each change it makes as
// theirs: the user and role, the client's address, the field's name.
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext, SignedInContext } from './context.js';
import { forbidden, unauthenticated } from '../platform/errors.js';
import type { Role } from '../auth/roles.js';
import { actingAs, callerOf } from '../audit/acting.js';

type Access = 'public' | 'signed-in' | readonly Role[];

const accessKey = Symbol('access');
type Guarded = { [accessKey]?: Access };

/** A resolver that anyone may call (a refused token still fails). */
export function guard<P, A, R>(
  access: 'public',
  resolve: (parent: P, args: A, ctx: GraphQLContext, info: GraphQLResolveInfo) => R,
): (parent: P, args: A, ctx: GraphQLContext, info: GraphQLResolveInfo) => R;
/** A resolver for signed-in users, or only for the listed roles. */
export function guard<P, A, R>(
  access: 'signed-in' | readonly Role[],
  resolve: (parent: P, args: A, ctx: SignedInContext, info: GraphQLResolveInfo) => R,
): (parent: P, args: A, ctx: GraphQLContext, info: GraphQLResolveInfo) => R;
export function guard<P, A, R>(access: Access, resolve: (parent: P, args: A, ctx: SignedInContext, info: GraphQLResolveInfo) => R) {
  const guarded = (parent: P, args: A, ctx: GraphQLContext, info: GraphQLResolveInfo): R => {
    requireAccess(ctx, access);
    const run = () => resolve(parent, args, ctx as SignedInContext, info);
    return info.operation.operation === 'mutation' ? actingAs(callerOf(ctx.viewer, info.fieldName, ctx.reply?.request), run) : run();
  };
  (guarded as Guarded)[accessKey] = access;
  return guarded;
}

/** Throws UNAUTHENTICATED or FORBIDDEN unless the context's viewer passes `access`. */
function requireAccess(ctx: GraphQLContext, access: Access): void {
  if (ctx.authError) throw ctx.authError;
  if (access === 'public') return;
  if (!ctx.viewer) throw unauthenticated();
  if (access !== 'signed-in' && !access.includes(ctx.viewer.role)) throw forbidden();
}

/** The access a resolver was declared with, or undefined when it was not guarded. */
export function accessOf(resolver: unknown): Access | undefined {
  return typeof resolver === 'function' ? (resolver as Guarded)[accessKey] : undefined;
}
