using System.Resources;

// Strings.resx holds the Swedish texts: Swedish is the dashboard's first language.
[assembly: NeutralResourcesLanguage("sv")]
