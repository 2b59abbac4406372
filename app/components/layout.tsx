import { NavLink } from "@remix-run/react";
import { LogoutForm } from "~/components/field/logout-form";
import type { Role } from "#db/enums";
import { ROLE_LABELS, can } from "~/domain/users/roles";

type HeaderUser = { id: string; name: string; role: Role } | null;

function navItems(role: Role) {
  const items: { to: string; label: string }[] = [
    { to: "/", label: "Översikt" },
    { to: "/turneer", label: "Turnéer" },
    { to: "/karta", label: "Karta" },
    { to: "/kalender", label: "Kalender" },
    { to: "/mitt-schema", label: "Mitt schema" },
    { to: "/bemanning", label: "Bemanning" },
    { to: "/falt", label: "Fältläge" },
    { to: "/arenden", label: "Ärenden" },
    { to: "/omraden", label: "Områden" },
    { to: "/organisationer", label: "Organisationer" },
  ];
  if (can.planTour(role)) {
    items.push({ to: "/prioriteringar", label: "Var ska vi åka?" });
    items.push({ to: "/inbjudningar", label: "Inbjudningar" });
    items.push({ to: "/rapport", label: "Rapport" });
  }
  if (can.manageUsers(role)) items.push({ to: "/admin/anvandare", label: "Användare" });
  if (can.manageSettings(role)) items.push({ to: "/admin/utkorg", label: "Utkorg" });
  if (can.manageSettings(role)) items.push({ to: "/admin/installningar", label: "Inställningar" });
  return items;
}

export function AppHeader({ user, municipalityName }: { user: HeaderUser; municipalityName: string | null }) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a href="/" className="brand">
          <span className="brand__name">Rullar ut</span>
          {municipalityName ? <span className="brand__org">{municipalityName} · kontaktcenter</span> : null}
        </a>
        {user ? (
          <nav aria-label="Huvudmeny" className="main-nav">
            <ul>
              {navItems(user.role).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === "/"} prefetch="intent">
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
            <div className="user-menu">
              <span className="user-menu__who">
                {user.name} <span className="user-menu__role">({ROLE_LABELS[user.role]})</span>
              </span>
              <NavLink to="/kalenderflode" className="user-menu__link">
                Kalenderflöde
              </NavLink>
              <LogoutForm />
            </div>
          </nav>
        ) : null}
      </div>
    </header>
  );
}
