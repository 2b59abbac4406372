import { Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { LogoutForm } from "~/components/field/logout-form";
import type { Role } from "#db/enums";
import { ROLE_LABELS, can } from "~/domain/users/roles";

type HeaderUser = { id: string; name: string; role: Role } | null;
type HeaderTour = { id: string; name: string } | null;

type NavItem = { to: string; label: string };
type NavGroup = { id: string; label: string; items: NavItem[] };

/**
 * The main menu in four groups (issue 13, point 7): thirteen links in a row filled a phone's first
 * screen. Each group is a <details> disclosure, so it opens by keyboard and without JavaScript.
 */
export function navGroups(role: Role): NavGroup[] {
  const planner = can.planTour(role);
  const groups: NavGroup[] = [
    {
      id: "planera",
      label: "Planera",
      items: [
        { to: "/turneer", label: "Turnéer" },
        ...(planner ? [{ to: "/prioriteringar", label: "Var ska vi åka?" }] : []),
        { to: "/karta", label: "Karta" },
        { to: "/kalender", label: "Kalender" },
        ...(planner ? [{ to: "/inbjudningar", label: "Inbjudningar" }] : []),
        { to: "/omraden", label: "Områden" },
        { to: "/organisationer", label: "Organisationer" },
      ],
    },
    {
      id: "genomfora",
      label: "Genomföra",
      items: [
        { to: "/mitt-schema", label: "Mitt schema" },
        { to: "/bemanning", label: "Bemanning" },
        { to: "/falt", label: "Fältläge" },
      ],
    },
    {
      id: "folja-upp",
      label: "Följa upp",
      items: [{ to: "/arenden", label: "Ärenden" }, ...(planner ? [{ to: "/rapport", label: "Rapport" }] : [])],
    },
  ];
  const admin: NavItem[] = [];
  if (can.manageUsers(role)) admin.push({ to: "/admin/anvandare", label: "Användare" });
  if (can.manageSettings(role)) {
    admin.push({ to: "/admin/utkorg", label: "Utkorg" });
    admin.push({ to: "/admin/installningar", label: "Inställningar" });
  }
  if (admin.length) groups.push({ id: "admin", label: "Admin", items: admin });
  return groups;
}

function isCurrent(pathname: string, to: string): boolean {
  return pathname === to || pathname.startsWith(`${to}/`);
}

/**
 * With JavaScript: one group open at a time, Escape closes it and returns focus to its button,
 * a click outside or a navigation closes it. Without JavaScript the <details> work as they are.
 * The listeners sit on the document, as the menu itself comes and goes with the login.
 */
function openMenus(): HTMLDetailsElement[] {
  return [...document.querySelectorAll<HTMLDetailsElement>(".main-nav details[open]")];
}

/**
 * On a phone an open group's panel spans the screen under the header. Laid over the page it would
 * leave slivers of the links and buttons under its lower edge, too small to hit and easy to hit by
 * mistake (WCAG 2.5.8). So there the header makes room for it: its lower margin is the part of the
 * panel that hangs below it, and the page moves down instead of being covered.
 */
const PHONE = "(max-width: 30rem)";

function makeRoomForOpenMenu() {
  const header = document.querySelector<HTMLElement>(".site-header");
  if (!header) return;
  const panel = window.matchMedia(PHONE).matches
    ? document.querySelector<HTMLElement>(".main-nav details.nav-compact[open] > .nav-compact__panel, .main-nav details[open] > .nav-group__links")
    : null;
  const overhang = panel ? panel.getBoundingClientRect().bottom - header.getBoundingClientRect().bottom : 0;
  header.style.marginBottom = overhang > 0 ? `${Math.ceil(overhang)}px` : "";
}

function useDisclosureMenu() {
  const location = useLocation();
  useEffect(() => {
    openMenus().forEach((d) => d.removeAttribute("open"));
  }, [location.pathname, location.search]);
  useEffect(() => {
    const onToggle = (event: Event) => {
      const opened = event.target as HTMLElement;
      if (!(opened instanceof HTMLDetailsElement) || !opened.closest(".main-nav")) return;
      // Keep the compact menu's own <details> open when a group inside it opens.
      if (opened.open) {
        openMenus().forEach((d) => {
          if (d !== opened && !d.contains(opened)) d.removeAttribute("open");
        });
      }
      makeRoomForOpenMenu();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      const open = openMenus().pop();
      if (!open) return;
      open.removeAttribute("open");
      open.querySelector<HTMLElement>(":scope > summary")?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      openMenus().forEach((d) => {
        if (!d.contains(target)) d.removeAttribute("open");
      });
    };
    document.addEventListener("toggle", onToggle, true);
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    window.addEventListener("resize", makeRoomForOpenMenu);
    return () => {
      window.removeEventListener("resize", makeRoomForOpenMenu);
      document.removeEventListener("toggle", onToggle, true);
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, []);
}

function MenuGroups({ user, pathname, account }: { user: NonNullable<HeaderUser>; pathname: string; account: boolean }) {
  const role = user.role;
  return (
    <ul className="nav-groups">
      {navGroups(role).map((group) => {
        const current = group.items.some((item) => isCurrent(pathname, item.to));
        return (
          <li key={group.id}>
            <details className="nav-group">
              <summary className={current ? "nav-group__button nav-group__button--current" : "nav-group__button"}>
                {group.label}
                {current ? <span className="visually-hidden"> (här är du)</span> : null}
              </summary>
              <ul className="nav-group__links">
                {group.items.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} prefetch="intent">
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </details>
          </li>
        );
      })}
      {account ? (
        // On a phone the account links fold into the menu too (CSS shows this group only on narrow screens).
        <li className="nav-account">
          <details className="nav-group">
            <summary className="nav-group__button">Konto</summary>
            <div className="nav-group__links nav-account__panel">
              <UserMenu user={user} />
            </div>
          </details>
        </li>
      ) : null}
    </ul>
  );
}

function TourChip({ tour }: { tour: HeaderTour }) {
  if (!tour) return null;
  return (
    <p className="tour-chip">
      <span className="tour-chip__label">Turné:</span>{" "}
      <Link to={`/turneer/${tour.id}`} className="tour-chip__name">
        {tour.name}
      </Link>{" "}
      <Link to="/turneer" className="tour-chip__switch">
        Byt<span className="visually-hidden"> turné</span>
      </Link>
    </p>
  );
}

function UserMenu({ user }: { user: NonNullable<HeaderUser> }) {
  return (
    <div className="user-menu">
      <span className="user-menu__who">
        {user.name} <span className="user-menu__role">({ROLE_LABELS[user.role]})</span>
      </span>
      <NavLink to="/kalenderflode" className="user-menu__link">
        Kalenderflöde
      </NavLink>
      <LogoutForm />
    </div>
  );
}

export function AppHeader({
  user,
  municipalityName,
  tour,
  compact = false,
  setupPending = false,
}: {
  user: HeaderUser;
  municipalityName: string | null;
  tour: HeaderTour;
  /** One row for pages where the screen belongs to the task (field mode on a phone). */
  compact?: boolean;
  /** Before the first set-up is done, only the set-up is open: no menu to lead elsewhere. */
  setupPending?: boolean;
}) {
  const { pathname } = useLocation();
  useDisclosureMenu();
  return (
    <header className={compact ? "site-header site-header--compact" : "site-header"}>
      <div className="site-header__inner">
        <Link to="/" className="brand" lang="sv">
          <span className="brand__name">Rullar ut</span>
          {municipalityName && !compact ? <span className="brand__org">{municipalityName} · kontaktcenter</span> : null}
        </Link>
        {user && setupPending ? (
          <div className="user-menu">
            <span className="user-menu__who">
              {user.name} <span className="user-menu__role">({ROLE_LABELS[user.role]})</span>
            </span>
            <LogoutForm />
          </div>
        ) : user ? (
          <nav aria-label="Huvudmeny" className="main-nav">
            {compact ? (
              <details className="nav-compact">
                <summary className="nav-group__button">Meny</summary>
                <div className="nav-compact__panel">
                  <TourChip tour={tour} />
                  <MenuGroups user={user} pathname={pathname} account={false} />
                  <UserMenu user={user} />
                </div>
              </details>
            ) : (
              <>
                <MenuGroups user={user} pathname={pathname} account />
                <TourChip tour={tour} />
                <div className="user-menu-wide">
                  <UserMenu user={user} />
                </div>
              </>
            )}
          </nav>
        ) : null}
      </div>
    </header>
  );
}

/**
 * After a client-side navigation to another page, focus moves to the new page's heading so a
 * screen reader announces it (issue 13, point 7) — unless the page has already put focus somewhere
 * on purpose (a result message after a form).
 */
export function usePageChangeFocus() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const active = document.activeElement;
    const main = document.getElementById("huvudinnehall");
    if (!main) return;
    const leftAlone = !active || active === document.body || active.closest(".site-header") !== null;
    if (!leftAlone) return;
    const heading = main.querySelector<HTMLElement>("h1") ?? main;
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: false });
  }, [pathname]);
}
