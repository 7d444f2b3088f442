package dev.fleetgateway.module.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.fleetgateway.module.CredentialService;
import dev.fleetgateway.module.CredentialViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** REST resource of module credentials: secrets a module proves in its hello. */
@RestController
@RequestMapping(path = "/api/v1/modules", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Module credentials", description = "Tokens a module proves in its hello; shown once, stored hashed")
class CredentialController {

    private final CredentialService credentials;

    CredentialController(CredentialService credentials) {
        this.credentials = credentials;
    }

    @PostMapping("/{idOrKey}/credentials")
    @Operation(operationId = "issueCredential", summary = "Generate a token for a module", description = "The token is in this answer only; the "
            + "gateway keeps its SHA-256. From now on the module's hello must prove a credential. 409 when the "
            + "module already holds gateway.registry.max-credentials live credentials.")
    @ApiResponse(responseCode = "201", description = "Issued; the token is shown this once")
    @ApiResponse(responseCode = "409", description = "The module holds gateway.registry.max-credentials live "
            + "credentials")
    ResponseEntity<CredentialViews.Issued> issue(@PathVariable String idOrKey) {
        CredentialViews.Issued issued = credentials.issue(idOrKey);
        return ResponseEntity.created(URI.create("/api/v1/modules/" + issued.moduleKey() + "/credentials/"
                + issued.id())).body(issued);
    }

    @GetMapping("/{idOrKey}/credentials")
    @Operation(operationId = "listCredentials", summary = "List a module's credentials", description = "Oldest first, revoked ones included; "
            + "never a secret.")
    List<CredentialViews.Credential> list(@PathVariable String idOrKey) {
        return credentials.list(idOrKey);
    }

    @DeleteMapping("/{idOrKey}/credentials/{credentialId}")
    @Operation(operationId = "revokeCredential", summary = "Revoke a credential", description = "A hello proving it is refused from now on; the "
            + "session that proved it before stays open. Answers the revoked credential.")
    CredentialViews.Credential revoke(@PathVariable String idOrKey, @PathVariable UUID credentialId) {
        return credentials.revoke(idOrKey, credentialId);
    }

    @PostMapping(path = "/credentials/provision", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "provisionCredentials", summary = "Provision credential hashes in bulk", description = "SHA-256 hashes of tokens "
            + "flashed elsewhere, up to 1000 per request, for modules registered or not. A hash a module "
            + "already holds is counted, not added; all or nothing when a module would pass its limit (409).")
    @ApiResponse(responseCode = "200", description = "Provisioned")
    @ApiResponse(responseCode = "409", description = "A module would pass gateway.registry.max-credentials; nothing "
            + "was added")
    CredentialViews.Provisioned provision(@Valid @RequestBody CredentialViews.ProvisionRequest body) {
        return credentials.provision(body.credentials());
    }
}
