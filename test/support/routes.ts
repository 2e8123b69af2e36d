// Lists the routes of an Express 5 app by walking its router (router 2.3 keeps each layer's rawPath),
// so hygiene tests cover every route that exists, including those later capabilities add.
import type { Express } from 'express';

export interface RouteInfo {
  readonly method: string;
  /** The full path pattern, e.g. "/en/petitions/:slug/signatures". */
  readonly path: string;
  readonly params: readonly string[];
}

export interface RouterInfo {
  /** Where the router is mounted. */
  readonly mount: string;
  /** The parameter names it checks (router.param). */
  readonly checkedParams: readonly string[];
}

interface Layer {
  rawPath?: string | string[] | RegExp;
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[]; params?: Record<string, unknown> };
}

const first = (path: Layer['rawPath']): string => (Array.isArray(path) ? String(path[0]) : path === undefined ? '' : String(path));
const join = (prefix: string, path: string): string => (prefix + (path === '/' && prefix !== '' ? '' : path)).replace(/\/{2,}/g, '/') || '/';

export function walkRoutes(app: Express): { routes: RouteInfo[]; routers: RouterInfo[] } {
  const routes: RouteInfo[] = [];
  const routers: RouterInfo[] = [];
  const visit = (stack: Layer[], prefix: string, mounts: readonly string[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) {
          const path = join(prefix, p);
          const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
          for (const method of Object.keys(layer.route.methods)) if (method !== '_all') routes.push({ method: method.toUpperCase(), path, params });
        }
      } else if (layer.handle.stack) {
        // A router mounted at several paths (/en, /ru, …): the first stands for all.
        const mount = join(prefix, first(layer.rawPath) === '/' ? '' : first(layer.rawPath));
        routers.push({ mount, checkedParams: Object.keys(layer.handle.params ?? {}) });
        visit(layer.handle.stack, mount === '/' ? '' : mount, [...mounts, mount]);
      }
    }
  };
  const root = (app as unknown as { router: Layer['handle'] }).router;
  routers.push({ mount: '(app)', checkedParams: Object.keys(root.params ?? {}) });
  visit(root.stack ?? [], '', []);
  return { routes, routers };
}
