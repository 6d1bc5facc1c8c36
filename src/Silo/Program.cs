using Coordination.Silo.Apis;
using Coordination.Silo.Extensions;
using Coordination.Silo.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
var database = builder.AddCoordinationStorage();
builder.AddCoordinationSilo(database);
builder.AddCoordinationAuth(database);
builder.AddCoordinationLive();

var app = builder.Build();

if (args.Contains("migrate"))
{
    // The schema migration command (cluster mode runs it once, e.g. as a Kubernetes Job).
    await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
    return;
}

await app.PrepareDatabaseAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapConcernsApi();
app.MapBoardApi();
app.MapCoordinationHub();
app.MapGet("/", () => Results.Text("Coordination is running. API: /openapi/v1.json, hub: /hubs/coordination.")).AllowAnonymous();

app.Run();

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
