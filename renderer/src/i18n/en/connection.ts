/** English messages of the choice of directory: this computer or a team server (first run, header). */
export const connectionMessages = {
  connection: {
    choiceLabel: 'Where is your directory?',
    local: 'This computer',
    localHint: 'Create the owner account; the directory is kept in a file on this computer.',
    server: 'Connect to a team server',
    serverHint:
      'Your administrator runs Portcullis on a server and gave you its address and its certificate fingerprint.',
    address: 'Server address',
    addressHint: 'For example https://portcullis.example.org:8443',
    addressMissing: 'Type the server address your administrator gave you.',
    check: 'Check the server',
    useCa: 'My administrator gave me a CA certificate file instead',
    chooseCa: 'Choose the CA file…',
    caFile: 'CA file: {file}',
    noCaFile: 'No CA file chosen yet.',
    certificate: 'The server’s certificate',
    fingerprint: 'Fingerprint (SHA-256)',
    compare:
      'Compare every group with the fingerprint your administrator gave you, ideally by phone or in person. If one character differs, do not connect: this may not be your server.',
    issuedTo: 'Issued to',
    issuedBy: 'Issued by',
    validity: 'Valid from {from} to {to}',
    notCurrent: 'This certificate is not valid today. Ask your administrator before you connect.',
    serverSays: 'The server says it is “{name}” (API version {version}).',
    notPortcullis:
      'Something answers at this address, but not a Portcullis team server. Check the address and the port with your administrator.',
    caTrusted: 'The CA file vouches for this server.',
    caNotTrusted:
      'The CA file does not vouch for this server. Check that you chose the file your administrator gave you.',
    confirm: 'The fingerprint matches the one my administrator gave me',
    confirmMissing: 'Confirm that the fingerprint matches before you connect.',
    connect: 'Connect',
    restart: 'Saved. Restart Portcullis to connect to {host}.',
    indicatorLabel: 'Directory: {where}',
    thisComputer: 'This computer',
    localFile: 'The directory is a file on this computer: {file}',
    localNoFile: 'The directory is on this computer.',
    pending: 'Portcullis connects to {host} at its next start.',
    serverPinned: 'Team server {url}. Certificate SHA-256: {fingerprint}',
    serverCa: 'Team server {url}, trusted through the CA file {file}',
    serverPlain: 'Team server {url} (on this computer, without TLS)',
    forget: 'Use this computer instead',
    forgetConfirm:
      'Stop using the team server {host}? The window goes back to the directory on this computer; nothing on the server changes.',
    forgetYes: 'Use this computer',
    cancel: 'Cancel',
    error: {
      address:
        'That is not an address Portcullis can use. Type it as https://host:port, without a path; plain http:// only works on this computer.',
      unreachable:
        'Nothing answered at that address. Check the address, the port and your network, then try again.',
      timeout: 'The server did not answer in time. Check the address and your network, then try again.',
      tls: 'That address did not answer as a secure (https) server. Check the address and the port.',
      not_portcullis:
        'Something answers at this address, but not a Portcullis team server. Check the address and the port with your administrator.',
      certificate_changed:
        'The server’s certificate changed after you checked it: you confirmed {expected}, the server now shows {actual}. Nothing was saved. Check the server again and compare the new fingerprint with your administrator.',
      ca_file:
        'That file is not a CA certificate Portcullis can read. Choose the file your administrator gave you.',
      ca_untrusted:
        'The CA file does not vouch for this server. Nothing was saved. Check that you chose the file your administrator gave you.',
      no_folder: 'This window cannot keep a connection. Restart Portcullis and try again.',
      switch_failed: 'The connection was saved, but this window could not switch to it. Restart Portcullis.',
    },
  },
};
