import type { connectionMessages as en } from '../en/connection';

/** Spanish messages of the choice of directory: this computer or a team server (first run, header). */
export const connectionMessages: typeof en = {
  connection: {
    choiceLabel: '¿Dónde está su directorio?',
    local: 'Este equipo',
    localHint: 'Cree la cuenta de propietario; el directorio se guarda en un archivo de este equipo.',
    server: 'Conectarse a un servidor de equipo',
    serverHint:
      'Su administrador ejecuta Portcullis en un servidor y le dio su dirección y la huella de su certificado.',
    address: 'Dirección del servidor',
    addressHint: 'Por ejemplo, https://portcullis.example.org:8443',
    addressMissing: 'Escriba la dirección del servidor que le dio su administrador.',
    check: 'Comprobar el servidor',
    useCa: 'Mi administrador me dio un archivo de certificado de CA en su lugar',
    chooseCa: 'Elegir el archivo de CA…',
    caFile: 'Archivo de CA: {file}',
    noCaFile: 'Aún no ha elegido ningún archivo de CA.',
    certificate: 'El certificado del servidor',
    fingerprint: 'Huella (SHA-256)',
    compare:
      'Compare cada grupo con la huella que le dio su administrador, mejor por teléfono o en persona. Si un solo carácter difiere, no se conecte: puede que no sea su servidor.',
    issuedTo: 'Emitido para',
    issuedBy: 'Emitido por',
    validity: 'Válido del {from} al {to}',
    notCurrent: 'Este certificado no es válido hoy. Consulte a su administrador antes de conectarse.',
    serverSays: 'El servidor dice ser «{name}» (versión de la API {version}).',
    notPortcullis:
      'Algo responde en esta dirección, pero no es un servidor de equipo de Portcullis. Compruebe la dirección y el puerto con su administrador.',
    caTrusted: 'El archivo de CA avala este servidor.',
    caNotTrusted:
      'El archivo de CA no avala este servidor. Compruebe que eligió el archivo que le dio su administrador.',
    confirm: 'La huella coincide con la que me dio mi administrador',
    confirmMissing: 'Confirme que la huella coincide antes de conectarse.',
    connect: 'Conectar',
    restart: 'Guardado. Reinicie Portcullis para conectarse a {host}.',
    indicatorLabel: 'Directorio: {where}',
    thisComputer: 'Este equipo',
    localFile: 'El directorio es un archivo de este equipo: {file}',
    localNoFile: 'El directorio está en este equipo.',
    pending: 'Portcullis se conectará a {host} la próxima vez que se inicie.',
    serverPinned: 'Servidor de equipo {url}. Certificado SHA-256: {fingerprint}',
    serverCa: 'Servidor de equipo {url}, de confianza mediante el archivo de CA {file}',
    serverPlain: 'Servidor de equipo {url} (en este equipo, sin TLS)',
    forget: 'Usar este equipo',
    forgetConfirm:
      '¿Dejar de usar el servidor de equipo {host}? La ventana vuelve al directorio de este equipo; nada cambia en el servidor.',
    forgetYes: 'Usar este equipo',
    cancel: 'Cancelar',
    error: {
      address:
        'Portcullis no puede usar esa dirección. Escríbala como https://servidor:puerto, sin ruta; http:// sin cifrar solo funciona en este equipo.',
      unreachable:
        'Nada respondió en esa dirección. Compruebe la dirección, el puerto y su red, e inténtelo de nuevo.',
      timeout: 'El servidor no respondió a tiempo. Compruebe la dirección y su red, e inténtelo de nuevo.',
      tls: 'Esa dirección no respondió como un servidor seguro (https). Compruebe la dirección y el puerto.',
      not_portcullis:
        'Algo responde en esta dirección, pero no es un servidor de equipo de Portcullis. Compruebe la dirección y el puerto con su administrador.',
      certificate_changed:
        'El certificado del servidor cambió después de comprobarlo: usted confirmó {expected} y ahora el servidor muestra {actual}. No se guardó nada. Compruebe el servidor de nuevo y compare la nueva huella con su administrador.',
      ca_file:
        'Ese archivo no es un certificado de CA que Portcullis pueda leer. Elija el archivo que le dio su administrador.',
      ca_untrusted:
        'El archivo de CA no avala este servidor. No se guardó nada. Compruebe que eligió el archivo que le dio su administrador.',
      no_folder: 'Esta ventana no puede guardar una conexión. Reinicie Portcullis e inténtelo de nuevo.',
      switch_failed: 'La conexión se guardó, pero esta ventana no pudo cambiar a ella. Reinicie Portcullis.',
    },
  },
};
