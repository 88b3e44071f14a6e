import type { GlobalThemeOverrides } from 'naive-ui';

const fontFamily =
  'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';
const fontFamilyMono = 'ui-monospace, SFMono-Regular, "JetBrains Mono", Menlo, Consolas, monospace';

/** Light theme: deep teal on calm greys. */
export const lightOverrides: GlobalThemeOverrides = {
  common: {
    fontFamily,
    fontFamilyMono,
    borderRadius: '6px',
    primaryColor: '#0f766e',
    primaryColorHover: '#0d9488',
    primaryColorPressed: '#115e59',
    primaryColorSuppl: '#0d9488',
    infoColor: '#2563eb',
    infoColorHover: '#3b82f6',
    infoColorPressed: '#1d4ed8',
    infoColorSuppl: '#3b82f6',
    successColor: '#15803d',
    successColorHover: '#16a34a',
    successColorPressed: '#166534',
    successColorSuppl: '#16a34a',
    warningColor: '#b45309',
    warningColorHover: '#d97706',
    warningColorPressed: '#92400e',
    warningColorSuppl: '#d97706',
    errorColor: '#b91c1c',
    errorColorHover: '#dc2626',
    errorColorPressed: '#991b1b',
    errorColorSuppl: '#dc2626',
    bodyColor: '#f4f6f8',
    // Secondary text at 4.5:1 or more on white and on the body grey (WCAG AA; axe color-contrast).
    textColor3: 'rgb(84, 89, 95)',
    placeholderColor: 'rgb(110, 115, 121)',
  },
  Layout: { color: '#f4f6f8', siderColor: '#ffffff', headerColor: '#ffffff' },
  Card: { borderRadius: '8px' },
  // Tag texts on their tinted backgrounds, darker than the solid colours to reach 4.5:1.
  Tag: {
    textColorSuccess: '#166534',
    textColorWarning: '#92400e',
    textColorError: '#991b1b',
    textColorInfo: '#1d4ed8',
    textColorPrimary: '#115e59',
  },
};

/** Dark theme: the same teal, lifted for contrast on slate. */
export const darkOverrides: GlobalThemeOverrides = {
  common: {
    fontFamily,
    fontFamilyMono,
    borderRadius: '6px',
    primaryColor: '#2dd4bf',
    primaryColorHover: '#5eead4',
    primaryColorPressed: '#14b8a6',
    primaryColorSuppl: '#14b8a6',
    infoColor: '#60a5fa',
    infoColorHover: '#93c5fd',
    infoColorPressed: '#3b82f6',
    infoColorSuppl: '#3b82f6',
    successColor: '#4ade80',
    successColorHover: '#86efac',
    successColorPressed: '#22c55e',
    successColorSuppl: '#22c55e',
    warningColor: '#fbbf24',
    warningColorHover: '#fcd34d',
    warningColorPressed: '#f59e0b',
    warningColorSuppl: '#f59e0b',
    errorColor: '#f87171',
    errorColorHover: '#fca5a5',
    errorColorPressed: '#ef4444',
    errorColorSuppl: '#ef4444',
    bodyColor: '#0f1419',
    cardColor: '#161c23',
    modalColor: '#1b222b',
    popoverColor: '#1b222b',
  },
  Layout: { color: '#0f1419', siderColor: '#131920', headerColor: '#131920' },
  Card: { borderRadius: '8px' },
};
