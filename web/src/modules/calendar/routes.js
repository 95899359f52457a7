// calendar/routes.js — the pages of the calendar module inside the workbench (see
// modules/index.js for the fields of meta). Every signed-in user reads the
// calendar (reference data); adding and removing a local day needs calendar.edit.
import { Calendar } from '@element-plus/icons-vue';

export default [
  {
    path: 'calendar',
    name: 'calendar',
    component: () => import('./views/CalendarView.vue'),
    meta: { title: 'menu.calendar', icon: Calendar },
  },
];
