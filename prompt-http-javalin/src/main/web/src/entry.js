// Mounts the real SmarterChat component of @smarter.sh/ui-chat 0.3.0 on the chat page (SPEC 5.5).
// The package has no mount helper, so the host reads the root element's attributes and renders it itself.
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { SmarterChat } from "@smarter.sh/ui-chat";
// The package's JS imports no CSS: this makes esbuild emit ui-chat.css beside the bundle.
import "@smarter.sh/ui-chat/dist/ui-chat.css";

const DAY_MS = 24 * 60 * 60 * 1000;
const root = document.getElementById("smarter-sh-v1-ui-chat-root");
const attr = (name, fallback) => root.getAttribute(name) ?? fallback;
const flag = (name) => attr(name, "false").toLowerCase() === "true";

createRoot(root).render(
  createElement(SmarterChat, {
    // The component builds every URL with new URL(path, apiUrl), which throws on a relative base.
    apiUrl: new URL(attr("smarter-chatbot-api-url", "/api/v1/chatbots/example/"), window.location.href).toString(),
    toggleMetadata: flag("smarter-toggle-metadata"),
    csrfCookieName: attr("smarter-csrf-cookie-name", "csrftoken"),
    csrftoken: root.getAttribute("django-csrftoken"),
    sessionCookieName: attr("smarter-session-cookie-name", "session_key"),
    sessionCookieExpiration: DAY_MS,
    authSessionCookieName: attr("django-session-cookie-name", "sessionid"),
    // Without a cookie domain the component never reads its session cookie, so every load would start anew.
    cookieDomain: attr("smarter-cookie-domain", window.location.hostname),
    debugMode: flag("smarter-debug-mode"),
    debugCookieName: "debug",
    debugCookieExpiration: DAY_MS,
    showConsole: false,
  }),
);
