import type { paletteMessages as en } from '../en/palette';

/** Spanish messages of the command palette (Ctrl+K) and the "?" shortcuts overlay. */
export const paletteMessages: typeof en = {
  palette: {
    title: 'Buscar a una persona',
    searchLabel: 'Nombre, usuario o correo electrónico',
    placeholder: 'Escriba un nombre o un correo…',
    results: 'Acciones sobre las personas encontradas',
    hint: 'Escriba parte de un nombre o de un correo para buscar a una persona.',
    searching: 'Buscando…',
    failed: 'La búsqueda no funcionó. Revise la conexión y vuelva a intentarlo.',
    noResults: 'Nadie coincide. Revise la ortografía o escriba menos.',
    found: '{n} persona encontrada | {n} personas encontradas',
    keys: '↑ ↓ para elegir · Intro para ejecutar · Esc para cerrar',
    close: 'Cerrar',
    action: {
      edit: 'Abrir {user}',
      disable2fa: 'Desactivar la autenticación en dos pasos de {user}',
      revokeSessions: 'Finalizar todas las sesiones de {user}',
    },
    shortcuts: {
      title: 'Atajos de teclado',
      palette: 'Buscar a una persona y ejecutar una acción de soporte',
      overlay: 'Mostrar esta lista de atajos',
      move: 'Elegir una fila en la paleta',
      run: 'Ejecutar la acción elegida',
      close: 'Cerrar la paleta o esta lista',
    },
  },
};
