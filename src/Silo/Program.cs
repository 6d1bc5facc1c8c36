using Coordination.Silo.Apis;
using Coordination.Silo.Extensions;
using Coordination.Silo.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
var database = builder.AddCoordinationStorage();
builder.AddCoordinationSilo(database);
builder.AddCoordinationAuth(database);
builder.AddCoordinationLive();
builder.AddCoordinationAlerts();
builder.AddCoordinationAlertMail();
builder.AddCoordinationOnCall();
builder.AddCoordinationDashboard();

var app = builder.Build();

if (args.Contains("migrate"))
{
    // The schema migration command (cluster mode runs it once, e.g. as a Kubernetes Job).
    await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
    return;
}

await app.PrepareDatabaseAsync();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCoordinationLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapConcernsApi();
app.MapBoardApi();
app.MapAlertsApi();
app.MapOnCallApi();
app.MapCoordinationHub();
app.MapCoordinationDashboard();

app.Run();

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
