import { useLocation, useNavigationType } from "@remix-run/react";
import { useEffect, useState } from "react";

/**
 * A key for an uncontrolled GET filter form. Back and forward can bring other values into the
 * URL, so then the form is drawn afresh from them; ordinary submits keep the form (and focus).
 */
export function useFormKey() {
  const location = useLocation();
  const navigationType = useNavigationType();
  const [key, setKey] = useState(location.key);
  useEffect(() => {
    if (navigationType === "POP") setKey(location.key);
  }, [location.key, navigationType]);
  return key;
}
