// router.js — the route table: every page, who may open it, and what the
// menu and the workbench's quick links show. The server checks the same
// roles on every API call; these entries only decide what the UI offers.
import { watch } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import {
  House,
  MapLocation,
  Notebook,
  OfficeBuilding,
  Finished,
  Checked,
  School,
  DataAnalysis,
  User,
  Document,
  Setting,
} from '@element-plus/icons-vue';
import { i18n } from './i18n/index.js';
import { session, ensureSession } from './session.js';
import MainLayout from './layout/MainLayout.vue';

// The roles whose scope holds organisations: a division subtree or their
// own organisation (roles.js). The others would only ever see an empty list.
const ORG_READERS = ['admin', 'civil_affairs', 'township', 'provider', 'evaluator'];
// The roles that see stations (R-ROLE-1): every role but the evaluator.
const STATION_READERS = [
  'admin',
  'audit_admin',
  'civil_affairs',
  'township',
  'provider',
  'social_worker',
  'mentor',
];
// The roles the coverage of a division is shown to (src/domain/station.h).
const COVERAGE_READERS = ['admin', 'audit_admin', 'civil_affairs', 'township'];

// The pages inside the workbench layout, in menu order. meta.title is the
// i18n key of the page title, meta.roles who may open the page (absent:
// every logged-in user), meta.icon its menu icon (none: not in the menu),
// meta.menu the path of the menu entry a page without one belongs under.
const workbenchPages = [
  {
    path: '',
    name: 'home',
    component: () => import('./views/home/HomeView.vue'),
    meta: { title: 'menu.home', icon: House },
  },
  {
    path: 'divisions',
    name: 'divisions',
    component: () => import('./views/divisions/DivisionsView.vue'),
    meta: { title: 'menu.divisions', icon: MapLocation },
  },
  {
    path: 'catalog',
    name: 'catalog',
    component: () => import('./views/catalog/CatalogView.vue'),
    meta: { title: 'menu.catalog', icon: Notebook },
  },
  {
    path: 'orgs',
    name: 'orgs',
    component: () => import('./views/orgs/OrgsView.vue'),
    meta: { title: 'menu.orgs', icon: OfficeBuilding, roles: ORG_READERS },
  },
  {
    path: 'orgs/:id(\\d+)',
    name: 'org',
    component: () => import('./views/orgs/OrgDetailView.vue'),
    meta: { title: 'orgs.detailTitle', menu: 'orgs', roles: ORG_READERS },
  },
  {
    path: 'stations',
    name: 'stations',
    component: () => import('./views/stations/StationsView.vue'),
    meta: { title: 'menu.stations', icon: School, roles: STATION_READERS },
  },
  {
    path: 'stations/:id(\\d+)',
    name: 'station',
    component: () => import('./views/stations/StationDetailView.vue'),
    meta: { title: 'stations.detailTitle', menu: 'stations', roles: STATION_READERS },
  },
  {
    path: 'coverage',
    name: 'coverage',
    component: () => import('./views/coverage/CoverageView.vue'),
    meta: { title: 'menu.coverage', icon: DataAnalysis, roles: COVERAGE_READERS },
  },
  {
    path: 'readiness-items',
    name: 'readinessItems',
    component: () => import('./views/readiness/ReadinessItemsView.vue'),
    meta: { title: 'menu.readinessItems', icon: Checked, roles: ['admin'] },
  },
  {
    path: 'eligibility-rules',
    name: 'eligibilityRules',
    component: () => import('./views/eligibility/EligibilityRulesView.vue'),
    meta: { title: 'menu.eligibilityRules', icon: Finished, roles: ['admin', 'civil_affairs'] },
  },
  {
    path: 'users',
    name: 'users',
    component: () => import('./views/users/UsersView.vue'),
    meta: { title: 'menu.users', icon: User, roles: ['admin'] },
  },
  {
    path: 'audit',
    name: 'audit',
    component: () => import('./views/audit/AuditView.vue'),
    meta: { title: 'menu.audit', icon: Document, roles: ['admin', 'audit_admin'] },
  },
  {
    path: 'account',
    name: 'account',
    component: () => import('./views/account/AccountView.vue'),
    meta: { title: 'menu.account', icon: Setting },
  },
];

const routes = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/login/LoginView.vue'),
    meta: { title: 'login.title', public: true }, // public: open without a session
  },
  { path: '/', component: MainLayout, children: workbenchPages },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/errors/NotFoundView.vue'),
    meta: { title: 'notFound.title', public: true },
  },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
});

function allowed(route, user) {
  return !route.meta.roles || route.meta.roles.includes(user?.role);
}

/** The menu pages `user` may open, in menu order. */
export function menuRoutes(user) {
  return workbenchPages.filter((r) => r.meta.icon && allowed(r, user));
}

/** Only paths inside this app may be a target after login. */
export function safeRedirect(target) {
  const local = typeof target === 'string' && /^\/(?![/\\])/.test(target);
  return local ? target : '/';
}

router.beforeEach(async (to) => {
  await ensureSession();
  const user = session.user;
  if (to.meta.public) {
    return to.name === 'login' && user ? { path: safeRedirect(to.query.redirect) } : true;
  }
  if (!user) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (!allowed(to, user)) {
    // A page the role may not open does not exist for it, as in the API
    // (outside the scope is 404, not 403).
    return {
      name: 'not-found',
      params: { pathMatch: to.path.slice(1).split('/') },
      query: to.query,
      hash: to.hash,
    };
  }
  return true;
});

function setTitle() {
  const { t } = i18n.global;
  const key = router.currentRoute.value.meta.title;
  document.title = key ? `${t(key)} - ${t('app.name')}` : t('app.name');
}

router.afterEach(setTitle);
watch(i18n.global.locale, setTitle);
