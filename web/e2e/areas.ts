// Every page of the app, read from the areas' own definitions (web/src/roles/<area>/index.tsx,
// defineArea({ id, path, roles, layout, nav, routes })) with the TypeScript parser, so a browser
// test that visits them all covers a page the day its route is added, with no list to keep.
// The files are read, not run: they import the pages, React and the app's CSS, which Node cannot.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const rolesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'roles');

export interface AreaRoutes {
  id: string;
  /** Where the area is mounted, e.g. '/m'. */
  path: string;
  /** The roles that may enter, as the API spells them ('COUNTY_ADMIN'). */
  roles: string[];
  layout: 'mobile' | 'console';
  /** Every page's full path pattern, e.g. '/m', '/m/orders/:id'; nav entries first, in their order. */
  pages: string[];
}

/** Why a definition could not be read: the test says where, instead of silently missing pages. */
class UnreadableArea extends Error {
  constructor(file: string, node: ts.Node, what: string) {
    const { line } = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart());
    super(`${path.relative(process.cwd(), file)}:${line + 1}: ${what} (web/e2e/areas.ts reads only literals there)`);
  }
}

function property(file: string, object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) throw new UnreadableArea(file, p, `${name} is a variable`);
    if (ts.isSpreadAssignment(p)) throw new UnreadableArea(file, p, 'a spread in an area or route');
  }
  return undefined;
}

function text(file: string, node: ts.Expression | undefined, what: string): string {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  throw new UnreadableArea(file, node ?? ts.factory.createIdentifier(what), `${what} is not a string literal`);
}

function array(file: string, node: ts.Expression | undefined, what: string): readonly ts.Expression[] {
  if (node && ts.isArrayLiteralExpression(node)) return node.elements;
  throw new UnreadableArea(file, node ?? ts.factory.createIdentifier(what), `${what} is not an array literal`);
}

function object(file: string, node: ts.Expression, what: string): ts.ObjectLiteralExpression {
  if (ts.isObjectLiteralExpression(node)) return node;
  throw new UnreadableArea(file, node, `${what} is not an object literal`);
}

const join = (base: string, child: string) => (child ? `${base.replace(/\/$/, '')}/${child}` : base);

/** The full paths of a route list: a layout route (no path) passes its own base on; an index route is its base. */
function routePaths(file: string, routes: readonly ts.Expression[], base: string): string[] {
  return routes.flatMap((node) => {
    const route = object(file, node, 'a route');
    const pathNode = property(file, route, 'path');
    const own = pathNode ? join(base, text(file, pathNode, 'a route path')) : base;
    const children = property(file, route, 'children');
    const index = property(file, route, 'index');
    const paths = index?.kind === ts.SyntaxKind.TrueKeyword || (pathNode && !children) ? [own] : [];
    return children ? [...paths, ...routePaths(file, array(file, children, 'children'), own)] : paths;
  });
}

/** Reads one index.tsx: the object given to defineArea(). */
export function readArea(file: string): AreaRoutes {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  let definition: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'defineArea') {
      definition = object(file, node.arguments[0], 'the argument of defineArea');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!definition) throw new Error(`${file}: no defineArea({ … }) call`);
  const area = definition;
  const base = text(file, property(file, area, 'path'), 'path');
  const layout = text(file, property(file, area, 'layout'), 'layout');
  if (layout !== 'mobile' && layout !== 'console') throw new UnreadableArea(file, area, `layout ${layout}`);
  const nav = array(file, property(file, area, 'nav'), 'nav').map((n) =>
    join(base, text(file, property(file, object(file, n, 'a nav entry'), 'to'), 'nav to')),
  );
  const routes = routePaths(file, array(file, property(file, area, 'routes'), 'routes'), base);
  const strays = nav.filter((n) => !routes.includes(n));
  if (strays.length) throw new Error(`${file}: nav entries without a route: ${strays.join(', ')}`);
  return {
    id: text(file, property(file, area, 'id'), 'id'),
    path: base,
    roles: array(file, property(file, area, 'roles'), 'roles').map((r) => text(file, r, 'a role')),
    layout,
    pages: [...new Set([...nav, ...routes])],
  };
}

/** Every area of web/src/roles (each folder with an index.tsx), by folder name. */
export function readAreas(): AreaRoutes[] {
  return readdirSync(rolesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(rolesDir, d.name, 'index.tsx'))
    .filter((file) => {
      try {
        readFileSync(file);
        return true;
      } catch {
        return false; // shared component folders (complaints, reports) have no area
      }
    })
    .sort()
    .map(readArea);
}

/** The parameters of a path pattern: '/m/orders/:id/dispute' → ['id']. */
export const paramsOf = (pattern: string) => [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]);

/** A pattern as a regular expression matching a pathname, each parameter captured by name. */
export function patternRegExp(pattern: string): RegExp {
  const source = pattern
    .split('/')
    .map((segment) => (segment.startsWith(':') ? `(?<${segment.slice(1)}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}
