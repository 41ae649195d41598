<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AppCommandLine</name>
    <message>
        <source>Try &apos;pmproxy --help&apos; for the options.</source>
        <translation>„pmproxy --help“ zeigt die Optionen.</translation>
    </message>
    <message>
        <source>Opens a BMC&apos;s web UI and virtual console from a gpsession link.
LINK is pmproxy://gpsession?token=JWT, https://GATEWAY/gpsession?token=JWT or a bare JWT.
Exit codes: 0 ok, 2 bad link or token, 3 token expired, 4 gateway unreachable or refused the token, 1 anything else.</source>
        <translation>Öffnet die Weboberfläche und die virtuelle Konsole eines BMC über einen gpsession-Link.
LINK ist pmproxy://gpsession?token=JWT, https://GATEWAY/gpsession?token=JWT oder ein bloßes JWT.
Exit-Codes: 0 ok, 2 ungültiger Link oder Token, 3 Token abgelaufen, 4 Gateway nicht erreichbar oder Token abgelehnt, 1 alles andere.</translation>
    </message>
    <message>
        <source>No window: print the local URL to open in any browser as the first line on stdout and serve until SIGINT/SIGTERM or token expiry.</source>
        <translation>Ohne Fenster: die lokale URL für einen beliebigen Browser als erste Zeile auf stdout ausgeben und bis SIGINT/SIGTERM oder zum Ablauf des Tokens bereitstellen.</translation>
    </message>
    <message>
        <source>Open LINK offscreen, wait until the page has loaded (and a console shows its first frame), save a PNG of the window to FILE and exit.</source>
        <translation>LINK unsichtbar öffnen, warten, bis die Seite geladen ist (und eine Konsole ihr erstes Bild zeigt), ein PNG des Fensters in DATEI speichern und beenden.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>Trust the CA or certificate in FILE (PEM or DER) for the gateway, besides the system store.</source>
        <translation>Der CA bzw. dem Zertifikat in DATEI (PEM oder DER) für das Gateway vertrauen, zusätzlich zum Zertifikatsspeicher des Systems.</translation>
    </message>
    <message>
        <source>gpsession link; a second pmproxy LINK opens it in the running window.</source>
        <translation>gpsession-Link; ein zweites pmproxy LINK öffnet ihn im laufenden Fenster.</translation>
    </message>
    <message>
        <source>[LINK]</source>
        <translation>[LINK]</translation>
    </message>
    <message>
        <source>Give one link at a time (got %1 arguments).</source>
        <translation>Bitte nur einen Link auf einmal angeben (%1 Argumente erhalten).</translation>
    </message>
    <message>
        <source>--gateway-ca needs a file name.</source>
        <translation>--gateway-ca braucht einen Dateinamen.</translation>
    </message>
    <message>
        <source>--headless and --screenshot cannot be combined.</source>
        <translation>--headless und --screenshot lassen sich nicht kombinieren.</translation>
    </message>
    <message>
        <source>--headless needs a LINK.</source>
        <translation>--headless braucht einen LINK.</translation>
    </message>
    <message>
        <source>--screenshot needs a file name.</source>
        <translation>--screenshot braucht einen Dateinamen.</translation>
    </message>
    <message>
        <source>--screenshot needs a LINK.</source>
        <translation>--screenshot braucht einen LINK.</translation>
    </message>
</context>
<context>
    <name>DisplayFormat</name>
    <message>
        <source>not started</source>
        <translation>nicht gestartet</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>verbindet neu</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
</context>
<context>
    <name>GatewayCaFile</name>
    <message>
        <source>--gateway-ca %1: no such file</source>
        <translation>--gateway-ca %1: Datei nicht gefunden</translation>
    </message>
    <message>
        <source>--gateway-ca %1: not a regular file</source>
        <translation>--gateway-ca %1: keine reguläre Datei</translation>
    </message>
    <message>
        <source>--gateway-ca %1: %2</source>
        <translation>--gateway-ca %1: %2</translation>
    </message>
    <message>
        <source>--gateway-ca %1: larger than %2 bytes, not a certificate file</source>
        <translation>--gateway-ca %1: größer als %2 Bytes, keine Zertifikatsdatei</translation>
    </message>
    <message>
        <source>--gateway-ca %1: holds no PEM or DER certificate</source>
        <translation>--gateway-ca %1: enthält kein PEM- oder DER-Zertifikat</translation>
    </message>
</context>
<context>
    <name>GatewayPolicy</name>
    <message>
        <source>The gateway %1 is not one of the allowed gateways (setting &quot;gateways&quot; in %2).</source>
        <translation>Das Gateway %1 gehört nicht zu den erlaubten Gateways (Einstellung &quot;gateways&quot; in %2).</translation>
    </message>
</context>
<context>
    <name>app::AppMain</name>
    <message>
        <source>pmproxy: cannot take links from other pmproxy processes: %1</source>
        <translation>pmproxy: kann keine Links von anderen pmproxy-Prozessen annehmen: %1</translation>
    </message>
</context>
<context>
    <name>app::BmcSession</name>
    <message>
        <source>The link&apos;s token is not valid: %1</source>
        <translation>Das Token des Links ist ungültig: %1</translation>
    </message>
    <message>
        <source>The link has expired (at %1). Ask for a new link.</source>
        <translation>Der Link ist abgelaufen (um %1). Bitte einen neuen Link anfordern.</translation>
    </message>
    <message>
        <source>The local proxy cannot listen: %1</source>
        <translation>Der lokale Proxy kann nicht lauschen: %1</translation>
    </message>
    <message>
        <source>The link has expired. Ask for a new link.</source>
        <translation>Der Link ist abgelaufen. Bitte einen neuen Link anfordern.</translation>
    </message>
    <message>
        <source>The gateway refused the token: %1</source>
        <translation>Das Gateway hat das Token abgelehnt: %1</translation>
    </message>
    <message>
        <source>The gateway cannot be reached: %1</source>
        <translation>Das Gateway ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>The connection to the gateway ended: %1</source>
        <translation>Die Verbindung zum Gateway wurde beendet: %1</translation>
    </message>
    <message>
        <source>The gateway refused the token: %1 (%2)</source>
        <translation>Das Gateway hat das Token abgelehnt: %1 (%2)</translation>
    </message>
    <message>
        <source>The link points at the gateway %1 but its token names the gateway %2; a link must name its token&apos;s gateway.</source>
        <translation>Der Link zeigt auf das Gateway %1, sein Token nennt aber das Gateway %2; ein Link muss das Gateway seines Tokens nennen.</translation>
    </message>
    <message>
        <source>The gateway ended the session: the link has expired. Ask for a new link.</source>
        <translation>Das Gateway hat die Sitzung beendet: Der Link ist abgelaufen. Fordern Sie einen neuen Link an.</translation>
    </message>
    <message>
        <source>The gateway ended the session: %1</source>
        <translation>Das Gateway hat die Sitzung beendet: %1</translation>
    </message>
</context>
<context>
    <name>app::DownloadList</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>saved in %1</source>
        <translation>gespeichert in %1</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Save the download as</source>
        <translation>Download speichern unter</translation>
    </message>
</context>
<context>
    <name>app::HeadlessRunner</name>
    <message>
        <source>pmproxy: stopped.</source>
        <translation>pmproxy: beendet.</translation>
    </message>
    <message>
        <source>pmproxy: the link expired at %1; ask for a new one.</source>
        <translation>pmproxy: Der Link ist um %1 abgelaufen; bitte einen neuen anfordern.</translation>
    </message>
    <message>
        <source>pmproxy: serving %1 (%2) through %3; open the URL above in a browser. Ctrl+C ends the session.</source>
        <translation>pmproxy: %1 (%2) über %3 bereit; die URL oben in einem Browser öffnen. Strg+C beendet die Sitzung.</translation>
    </message>
    <message>
        <source>the link expired; ask for a new one.</source>
        <translation>Der Link ist abgelaufen; bitte einen neuen anfordern.</translation>
    </message>
</context>
<context>
    <name>app::LocalConnection</name>
    <message>
        <source>The tunnel to the gateway is not connected.</source>
        <translation>Der Tunnel zum Gateway ist nicht verbunden.</translation>
    </message>
</context>
<context>
    <name>app::MainWindow</name>
    <message>
        <source>pmproxy</source>
        <translation>pmproxy</translation>
    </message>
    <message>
        <source>Paste a gpsession link (pmproxy://gpsession?token=…)</source>
        <translation>gpsession-Link einfügen (pmproxy://gpsession?token=…)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>No BMC sessions. Open a gpsession link to start one.</source>
        <translation>Keine BMC-Sitzungen. Einen gpsession-Link öffnen, um eine zu starten.</translation>
    </message>
    <message>
        <source>This link has expired</source>
        <translation>Dieser Link ist abgelaufen</translation>
    </message>
    <message>
        <source>Ask for a new link to this BMC.</source>
        <translation>Bitte einen neuen Link für diesen BMC anfordern.</translation>
    </message>
    <message>
        <source>Expired link</source>
        <translation>Abgelaufener Link</translation>
    </message>
    <message>
        <source>Not a gpsession link: %1</source>
        <translation>Kein gpsession-Link: %1</translation>
    </message>
    <message>
        <source>%1 – pmproxy</source>
        <translation>%1 – pmproxy</translation>
    </message>
    <message>
        <source>This link does not match its gateway</source>
        <translation>Dieser Link passt nicht zu seinem Gateway</translation>
    </message>
    <message>
        <source>pmproxy did not connect anywhere. Ask for a new link.</source>
        <translation>pmproxy hat keine Verbindung aufgebaut. Fordern Sie einen neuen Link an.</translation>
    </message>
    <message>
        <source>Refused link</source>
        <translation>Abgelehnter Link</translation>
    </message>
    <message>
        <source>The gateway %1 is not allowed</source>
        <translation>Das Gateway %1 ist nicht erlaubt</translation>
    </message>
    <message>
        <source>pmproxy did not connect to it. The allowed gateways are set in the pmproxy configuration; ask your administrator if this gateway should be allowed.</source>
        <translation>pmproxy hat keine Verbindung dorthin aufgebaut. Die erlaubten Gateways stehen in der pmproxy-Konfiguration; fragen Sie Ihre Administration, ob dieses Gateway erlaubt werden soll.</translation>
    </message>
    <message>
        <source>Refused gateway</source>
        <translation>Abgelehntes Gateway</translation>
    </message>
</context>
<context>
    <name>app::ScreenshotRunner</name>
    <message>
        <source>pmproxy: the page was not ready within %1 s; saved what was shown.</source>
        <translation>pmproxy: Die Seite war nach %1 s nicht bereit; das Angezeigte wurde gespeichert.</translation>
    </message>
    <message>
        <source>pmproxy: not a gpsession link.</source>
        <translation>pmproxy: kein gpsession-Link.</translation>
    </message>
    <message>
        <source>pmproxy: the console showed no frame within %1 s; saved what was shown.</source>
        <translation>pmproxy: Die Konsole zeigte nach %1 s kein Bild; das Angezeigte wurde gespeichert.</translation>
    </message>
    <message>
        <source>pmproxy: cannot write the screenshot to %1.</source>
        <translation>pmproxy: Das Bildschirmfoto kann nicht nach %1 geschrieben werden.</translation>
    </message>
    <message>
        <source>pmproxy: the page did not load; saved what was shown.</source>
        <translation>pmproxy: Die Seite wurde nicht geladen; das Angezeigte wurde gespeichert.</translation>
    </message>
</context>
<context>
    <name>app::SessionStatusStrip</name>
    <message>
        <source>%1  BMC %2  via %3</source>
        <translation>%1  BMC %2  über %3</translation>
    </message>
    <message>
        <source>round trip %1  ↑ %2  ↓ %3</source>
        <translation>Umlaufzeit %1  ↑ %2  ↓ %3</translation>
    </message>
    <message>
        <source>token expires in %1</source>
        <translation>Token läuft ab in %1</translation>
    </message>
    <message>
        <source>token expired</source>
        <translation>Token abgelaufen</translation>
    </message>
</context>
<context>
    <name>app::SessionTab</name>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde …</translation>
    </message>
    <message>
        <source>Opening a tunnel to the gateway %1 for the %2 BMC at %3.</source>
        <translation>Öffne einen Tunnel zum Gateway %1 für den %2-BMC unter %3.</translation>
    </message>
    <message>
        <source>Popup</source>
        <translation>Popup</translation>
    </message>
    <message>
        <source>This link has expired</source>
        <translation>Dieser Link ist abgelaufen</translation>
    </message>
    <message>
        <source>The token&apos;s time is up.</source>
        <translation>Die Gültigkeit des Tokens ist abgelaufen.</translation>
    </message>
    <message>
        <source>Ask for a new link to this BMC.</source>
        <translation>Bitte einen neuen Link für diesen BMC anfordern.</translation>
    </message>
    <message>
        <source>This link is not valid</source>
        <translation>Dieser Link ist ungültig</translation>
    </message>
    <message>
        <source>The gateway %1 did not let this session through</source>
        <translation>Das Gateway %1 hat diese Sitzung nicht durchgelassen</translation>
    </message>
    <message>
        <source>Check the network connection to the gateway, or ask for a new link if the gateway refused this one.</source>
        <translation>Bitte die Netzwerkverbindung zum Gateway prüfen oder einen neuen Link anfordern, falls das Gateway diesen abgelehnt hat.</translation>
    </message>
    <message>
        <source>This session failed</source>
        <translation>Diese Sitzung ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>This session has ended</source>
        <translation>Diese Sitzung ist beendet</translation>
    </message>
    <message>
        <source>Open the link again to reconnect.</source>
        <translation>Den Link erneut öffnen, um wieder zu verbinden.</translation>
    </message>
</context>
<context>
    <name>app::SingleInstance</name>
    <message>
        <source>the running pmproxy did not confirm the link</source>
        <translation>das laufende pmproxy hat den Link nicht bestätigt</translation>
    </message>
    <message>
        <source>another pmproxy is already running</source>
        <translation>ein anderes pmproxy läuft bereits</translation>
    </message>
    <message>
        <source>%1 is not a directory</source>
        <translation>%1 ist kein Verzeichnis</translation>
    </message>
    <message>
        <source>%1 belongs to another user</source>
        <translation>%1 gehört einem anderen Benutzer</translation>
    </message>
    <message>
        <source>%1 can be entered by other users (mode %2, expected 0700)</source>
        <translation>%1 ist für andere Benutzer zugänglich (Modus %2, erwartet 0700)</translation>
    </message>
    <message>
        <source>XDG_RUNTIME_DIR is not set</source>
        <translation>XDG_RUNTIME_DIR ist nicht gesetzt</translation>
    </message>
    <message>
        <source>XDG_RUNTIME_DIR is not an absolute path</source>
        <translation>XDG_RUNTIME_DIR ist kein absoluter Pfad</translation>
    </message>
    <message>
        <source>no cache directory (HOME and XDG_CACHE_HOME are not set)</source>
        <translation>kein Cache-Verzeichnis (HOME und XDG_CACHE_HOME sind nicht gesetzt)</translation>
    </message>
    <message>
        <source>no private directory for the instance socket (%1; %2)</source>
        <translation>kein privates Verzeichnis für den Instanz-Socket (%1; %2)</translation>
    </message>
    <message>
        <source>no instance socket</source>
        <translation>kein Instanz-Socket</translation>
    </message>
    <message>
        <source>the instance socket %1 is served by another user</source>
        <translation>der Instanz-Socket %1 gehört zu einem Prozess eines anderen Benutzers</translation>
    </message>
</context>
</TS>
