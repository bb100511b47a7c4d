// Little JavaScript: filters apply on change, and destructive forms ask first. Everything works without it.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("select[data-autosubmit]") && el.form) el.form.submit();
});
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
// Focus after a refused form: the invalid field (aria-invalid, its message in aria-describedby), or else the
// error message of an action that redirected, so that keyboard and screen-reader users land on the problem.
document.addEventListener("DOMContentLoaded", () => {
  const field = document.querySelector('[aria-invalid="true"]');
  const alert = document.querySelector(".flash.error");
  if (field) field.focus();
  else if (alert) { alert.tabIndex = -1; alert.focus(); }
});
