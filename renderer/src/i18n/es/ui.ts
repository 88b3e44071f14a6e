import type { uiMessages as en } from '../en/ui';

/** Spanish messages added by the UI review: tables, labels, dialogs with context. */
export const uiMessages: typeof en = {
  ui: {
    table: {
      details: 'Mostrar u ocultar los detalles',
      userDetails: 'Detalles de {user}',
      sessionDetails: 'Detalles de la sesión en {device}',
      scrollHint: 'Desplácese hacia los lados para ver más columnas',
    },
    users: {
      phone: 'Teléfono',
      created: 'Creado',
      mustChangePassword: 'Debe cambiar la contraseña',
      blockingDate: 'Fecha de bloqueo',
      yes: 'Sí',
      no: 'No',
      role: 'Rol',
      status: 'Estado',
      twoFactor: 'Autenticación en dos pasos',
      select: 'Seleccionar a {user}',
      selectPage: 'Seleccionar todos los usuarios de esta página',
    },
    audit: {
      exportProgress: 'Progreso de la exportación',
    },
  },
};
