// Picking co-signers by name: a name found by the search box is added to the list of names.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".person-pick");
  if (!button) return;
  const box = document.getElementById("cosigners");
  const names = box.value.split(/[,，、;；\s]+/).filter(Boolean);
  if (!names.includes(button.dataset.name)) names.push(button.dataset.name);
  box.value = names.join("、");
  button.disabled = true;
});
