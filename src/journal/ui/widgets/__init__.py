"""Small pieces pages and dialogs are built from: fields, the band bar, the guidance panel."""
