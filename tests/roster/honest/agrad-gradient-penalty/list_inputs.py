import torch
import torch.nn as nn

D = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
x = torch.randn(batch, 2, requires_grad=True)
scores = D(x)
g = torch.autograd.grad(outputs=scores, inputs=[x],
                        grad_outputs=torch.ones_like(scores), create_graph=True)[0]
penalty = (g.norm(2, dim=1) - 1).pow(2).mean()
penalty.backward()
