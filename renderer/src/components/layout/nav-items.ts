import type { Component } from 'vue';
import {
  DesktopOutline,
  DocumentTextOutline,
  MailOutline,
  KeyOutline,
  PeopleOutline,
  SettingsOutline,
  ShieldCheckmarkOutline,
  SpeedometerOutline,
} from '@vicons/ionicons5';

/** One sidebar entry; its permission comes from the route's meta. */
export interface NavItem {
  /** Route name, also the menu key. */
  name: string;
  labelKey: string;
  icon: Component;
  /** Divider before this entry. */
  dividerBefore?: boolean;
}

/** The sidebar, top to bottom. */
export const NAV_ITEMS: readonly NavItem[] = [
  { name: 'dashboard', labelKey: 'nav.dashboard', icon: SpeedometerOutline },
  { name: 'users', labelKey: 'nav.users', icon: PeopleOutline },
  { name: 'sessions', labelKey: 'nav.sessions', icon: DesktopOutline },
  { name: 'tokens', labelKey: 'nav.tokens', icon: KeyOutline },
  { name: 'audit', labelKey: 'nav.audit', icon: DocumentTextOutline },
  { name: 'review', labelKey: 'review.title', icon: DocumentTextOutline },
  { name: 'settings', labelKey: 'nav.settings', icon: SettingsOutline },
  { name: 'outbox', labelKey: 'nav.outbox', icon: MailOutline },
  { name: 'my-security', labelKey: 'nav.mySecurity', icon: ShieldCheckmarkOutline, dividerBefore: true },
];
